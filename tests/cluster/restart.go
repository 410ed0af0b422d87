package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// The state an earlier run left in DIR that a restart (--restart) starts from again, as a crashed
// control plane comes back: the same etcd data, certificates, tokens and port, so clients that
// kept their kubeconfig find the same server with everything it stored.

func readPKI(dir string) (pkiFiles, error) {
	files := pkiFiles{
		caFile:     filepath.Join(dir, "ca.crt"),
		serverCert: filepath.Join(dir, "apiserver.crt"),
		serverKey:  filepath.Join(dir, "apiserver.key"),
		saKey:      filepath.Join(dir, "service-account.key"),
	}
	var err error
	files.caPEM, err = os.ReadFile(files.caFile)
	return files, err
}

// readTokens reads back the users writeTokens wrote (token,name,uid,"groups" per line).
func readTokens(dir string) ([]user, error) {
	data, err := os.ReadFile(filepath.Join(dir, "tokens.csv"))
	if err != nil {
		return nil, err
	}
	var users []user
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		fields := strings.SplitN(line, ",", 4)
		if len(fields) != 4 {
			return nil, fmt.Errorf("tokens.csv: malformed line %q", line)
		}
		users = append(users, user{token: fields[0], name: fields[1], groups: strings.Trim(fields[3], `"`)})
	}
	return users, nil
}

func readPort(dir string) (int, error) {
	data, err := os.ReadFile(filepath.Join(dir, "port"))
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(strings.TrimSpace(string(data)))
}

func writePort(dir string, port int) error {
	return os.WriteFile(filepath.Join(dir, "port"), []byte(strconv.Itoa(port)+"\n"), 0o600)
}

func readDataDir(dir string) (string, error) {
	data, err := os.ReadFile(filepath.Join(dir, "etcd-data-dir"))
	return strings.TrimSpace(string(data)), err
}
