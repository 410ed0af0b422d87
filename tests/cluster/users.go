package main

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// user is one static-token identity of the local cluster and the kubeconfig context named after it.
type user struct {
	name   string
	groups string
	token  string
}

// writeTokens writes the static token file: admin in system:masters, viewer and team-a with no
// rights of their own (bootstrap binds them to the built-in view and edit roles).
func writeTokens(dir string) ([]user, error) {
	users := []user{
		{name: "admin", groups: "system:masters"},
		{name: "viewer", groups: "localcluster:viewers"},
		{name: "team-a", groups: "localcluster:team-a"},
	}
	var lines []string
	for i := range users {
		buf := make([]byte, 16)
		if _, err := rand.Read(buf); err != nil {
			return nil, err
		}
		users[i].token = hex.EncodeToString(buf)
		lines = append(lines, fmt.Sprintf("%s,%s,%s,\"%s\"", users[i].token, users[i].name, users[i].name, users[i].groups))
	}
	return users, os.WriteFile(filepath.Join(dir, "tokens.csv"), []byte(strings.Join(lines, "\n")+"\n"), 0o600)
}

// writeKubeconfig writes DIR/NAME with one context per user; admin is the current context.
func writeKubeconfig(dir, name, server string, caPEM []byte, users []user) error {
	var b strings.Builder
	fmt.Fprintf(&b, "apiVersion: v1\nkind: Config\nclusters:\n- name: local\n  cluster:\n    server: %s\n    certificate-authority-data: %s\n",
		server, base64.StdEncoding.EncodeToString(caPEM))
	b.WriteString("users:\n")
	for _, u := range users {
		fmt.Fprintf(&b, "- name: %s\n  user:\n    token: %s\n", u.name, u.token)
	}
	b.WriteString("contexts:\n")
	for _, u := range users {
		fmt.Fprintf(&b, "- name: %s\n  context:\n    cluster: local\n    user: %s\n    namespace: default\n", u.name, u.name)
	}
	b.WriteString("current-context: admin\n")
	return os.WriteFile(filepath.Join(dir, name), []byte(b.String()), 0o600)
}
