package main

import (
	"fmt"
	"path/filepath"
)

// apiserverArgs are the kube-apiserver flags of the local cluster. living says whether the
// controller-manager runs: only then does something create each namespace's default ServiceAccount,
// which the ServiceAccount admission plugin requires of every Pod.
func apiserverArgs(dir, etcdURL string, port int, pki pkiFiles, living bool) []string {
	args := []string{
		"--etcd-servers=" + etcdURL,
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		fmt.Sprintf("--secure-port=%d", port),
		"--tls-cert-file=" + pki.serverCert,
		"--tls-private-key-file=" + pki.serverKey,
		"--cert-dir=" + filepath.Join(dir, "certs"),
		// A /16: 65,534 Services, so benchmarks and tests can create thousands (a /24 held 254).
		"--service-cluster-ip-range=10.0.0.0/16",
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--service-account-key-file=" + pki.saKey,
		"--service-account-signing-key-file=" + pki.saKey,
		"--authorization-mode=RBAC",
		"--token-auth-file=" + filepath.Join(dir, "tokens.csv"),
		"--allow-privileged=true",
		"--endpoint-reconciler-type=none",
		"--profiling=false",
		"--v=0",
	}
	if !living {
		args = append(args, "--disable-admission-plugins=ServiceAccount")
	}
	return args
}
