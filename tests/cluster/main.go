// Command localcluster runs a real Kubernetes control plane for tests and the demo: embedded etcd and
// the real kube-apiserver, in one process, on 127.0.0.1. It writes a kubeconfig with one context per
// test user (admin, viewer, team-a) into its state directory and touches DIR/ready once the server
// answers /readyz and the users' RBAC bindings exist.
//
// Only the test harness is written in Go; the product is C++.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

func main() {
	dir := flag.String("dir", "", "state directory (kubeconfig, certificates, logs)")
	dataDir := flag.String("data-dir", "", "etcd data directory (default: a folder under /dev/shm)")
	flag.Parse()
	if *dir == "" {
		fail("--dir is required")
	}
	if err := run(*dir, *dataDir); err != nil {
		fail(err.Error())
	}
}

func fail(msg string) {
	fmt.Fprintf(os.Stderr, "localcluster: error: %s\n", msg)
	os.Exit(2)
}

func run(dir, dataDir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	if dataDir == "" {
		var err error
		if dataDir, err = os.MkdirTemp(shmOrTemp(), "localcluster-etcd-"); err != nil {
			return err
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "etcd-data-dir"), []byte(dataDir), 0o600); err != nil {
		return err
	}

	pki, err := writePKI(dir)
	if err != nil {
		return fmt.Errorf("cannot write certificates: %w", err)
	}
	users, err := writeTokens(dir)
	if err != nil {
		return fmt.Errorf("cannot write the token file: %w", err)
	}

	etcd, etcdURL, err := startEtcd(dataDir)
	if err != nil {
		return fmt.Errorf("cannot start etcd: %w", err)
	}
	defer etcd.Close()

	port, err := freePort()
	if err != nil {
		return err
	}
	server := fmt.Sprintf("https://127.0.0.1:%d", port)
	if err := writeKubeconfig(dir, server, pki.caPEM, users); err != nil {
		return err
	}

	apiserver := app.NewAPIServerCommand()
	apiserver.SetArgs(apiserverArgs(dir, etcdURL, port, pki))
	errc := make(chan error, 1)
	go func() { errc <- apiserver.Execute() }()

	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	go func() {
		if err := bootstrap(ctx, server, pki.caPEM, users[0].token); err != nil {
			errc <- fmt.Errorf("cannot prepare the cluster: %w", err)
			return
		}
		_ = os.WriteFile(filepath.Join(dir, "ready"), []byte(server+"\n"), 0o600)
		fmt.Fprintf(os.Stderr, "localcluster: ready at %s\n", server)
	}()
	return <-errc
}

func apiserverArgs(dir, etcdURL string, port int, pki pkiFiles) []string {
	return []string{
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
		"--disable-admission-plugins=ServiceAccount",
		"--allow-privileged=true",
		"--endpoint-reconciler-type=none",
		"--profiling=false",
		"--v=0",
	}
}

func startEtcd(dataDir string) (*embed.Etcd, string, error) {
	clientPort, err := freePort()
	if err != nil {
		return nil, "", err
	}
	peerPort, err := freePort()
	if err != nil {
		return nil, "", err
	}
	cfg := embed.NewConfig()
	cfg.Name = "localcluster"
	cfg.Dir = dataDir
	cfg.UnsafeNoFsync = true
	cfg.Logger = "zap"
	cfg.LogLevel = "error"
	clientURL := mustURL(fmt.Sprintf("http://127.0.0.1:%d", clientPort))
	peerURL := mustURL(fmt.Sprintf("http://127.0.0.1:%d", peerPort))
	cfg.ListenClientUrls = []url{clientURL}
	cfg.AdvertiseClientUrls = []url{clientURL}
	cfg.ListenPeerUrls = []url{peerURL}
	cfg.AdvertisePeerUrls = []url{peerURL}
	cfg.ListenMetricsUrls = nil
	cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)
	e, err := embed.StartEtcd(cfg)
	if err != nil {
		return nil, "", err
	}
	select {
	case <-e.Server.ReadyNotify():
	case <-time.After(60 * time.Second):
		e.Close()
		return nil, "", fmt.Errorf("etcd was not ready within 60s")
	}
	return e, clientURL.String(), nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("cannot find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func shmOrTemp() string {
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		return "/dev/shm"
	}
	return os.TempDir()
}
