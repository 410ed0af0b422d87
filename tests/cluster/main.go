// Command localcluster runs a real Kubernetes cluster for tests and the demo, in one process on
// 127.0.0.1: embedded etcd, the real kube-apiserver, kube-controller-manager and kube-scheduler, and
// simulated nodes whose fake kubelet runs Pods by pretending (see pod_behavior.go for the image tags
// that make containers crash, fail or start slowly). It writes a kubeconfig with one context per test
// user (admin, viewer, team-a) into its state directory and touches DIR/ready once the server answers
// /readyz, the users' RBAC bindings exist and the nodes are Ready.
//
// --lean runs the API server alone, for tests that start many clusters. --latency puts a TCP proxy
// that delays every request in front of the API server, as a remote cluster would. --restart starts
// again on what an earlier run left in DIR (restart.go), as a crashed control plane comes back.
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

	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

type options struct {
	dir     string
	dataDir string
	lean    bool
	latency time.Duration
	nodes   int
	restart bool
}

func main() {
	var o options
	flag.StringVar(&o.dir, "dir", "", "state directory (kubeconfig, certificates, logs)")
	flag.StringVar(&o.dataDir, "data-dir", "", "etcd data directory (default: a folder under /dev/shm)")
	flag.BoolVar(&o.lean, "lean", false, "run the API server alone: no controllers, scheduler or nodes")
	flag.DurationVar(&o.latency, "latency", 0, "delay every request by this much (e.g. 20ms), through a proxy")
	flag.IntVar(&o.nodes, "nodes", 2, "how many simulated nodes to register (1 to 3)")
	flag.BoolVar(&o.restart, "restart", false, "start again on the etcd data, certificates, tokens and port an earlier run left in --dir")
	flag.Parse()
	if o.dir == "" {
		fail("--dir is required")
	}
	if o.nodes < 1 || o.nodes > 3 {
		fail("--nodes must be 1, 2 or 3")
	}
	if err := run(o); err != nil {
		fail(err.Error())
	}
}

func fail(msg string) {
	fmt.Fprintf(os.Stderr, "localcluster: error: %s\n", msg)
	os.Exit(2)
}

func run(o options) error {
	if err := os.MkdirAll(o.dir, 0o700); err != nil {
		return err
	}
	if o.restart {
		return serve(o, restarted)
	}
	return serve(o, fresh)
}

// controlPlaneState is what the API server is started on: where etcd keeps its data, the
// certificates, the users' tokens and the port.
type controlPlaneState struct {
	dataDir string
	pki     pkiFiles
	users   []user
	port    int
}

// fresh makes new state in o.dir.
func fresh(o options) (controlPlaneState, error) {
	var s controlPlaneState
	s.dataDir = o.dataDir
	if s.dataDir == "" {
		var err error
		if s.dataDir, err = os.MkdirTemp(shmOrTemp(), "localcluster-etcd-"); err != nil {
			return s, err
		}
	}
	if err := os.WriteFile(filepath.Join(o.dir, "etcd-data-dir"), []byte(s.dataDir), 0o600); err != nil {
		return s, err
	}
	var err error
	if s.pki, err = writePKI(o.dir); err != nil {
		return s, fmt.Errorf("cannot write certificates: %w", err)
	}
	if s.users, err = writeTokens(o.dir); err != nil {
		return s, fmt.Errorf("cannot write the token file: %w", err)
	}
	if s.port, err = freePort(); err != nil {
		return s, err
	}
	return s, writePort(o.dir, s.port)
}

// restarted reads back the state an earlier run left in o.dir.
func restarted(o options) (controlPlaneState, error) {
	var s controlPlaneState
	var err error
	if s.dataDir, err = readDataDir(o.dir); err != nil {
		return s, fmt.Errorf("cannot restart: %w", err)
	}
	if s.pki, err = readPKI(o.dir); err != nil {
		return s, fmt.Errorf("cannot restart: %w", err)
	}
	if s.users, err = readTokens(o.dir); err != nil {
		return s, fmt.Errorf("cannot restart: %w", err)
	}
	if s.port, err = readPort(o.dir); err != nil {
		return s, fmt.Errorf("cannot restart: %w", err)
	}
	return s, nil
}

func serve(o options, state func(options) (controlPlaneState, error)) error {
	s, err := state(o)
	if err != nil {
		return err
	}
	dataDir, pki, users, port := s.dataDir, s.pki, s.users, s.port

	etcd, etcdURL, err := startEtcd(dataDir)
	if err != nil {
		return fmt.Errorf("cannot start etcd: %w", err)
	}
	defer etcd.Close()

	server := fmt.Sprintf("https://127.0.0.1:%d", port)
	// The control plane talks to the API server directly; only clients go through the latency proxy.
	if err := writeKubeconfig(o.dir, "controlplane.kubeconfig", server, pki.caPEM, users[:1]); err != nil {
		return err
	}
	clientServer := server
	if o.latency > 0 {
		if clientServer, err = startLatencyProxy(fmt.Sprintf("127.0.0.1:%d", port), o.latency); err != nil {
			return fmt.Errorf("cannot start the latency proxy: %w", err)
		}
	}
	if err := writeKubeconfig(o.dir, "kubeconfig", clientServer, pki.caPEM, users); err != nil {
		return err
	}

	apiserver := app.NewAPIServerCommand()
	apiserver.SetArgs(apiserverArgs(o.dir, etcdURL, port, pki, !o.lean))
	errc := make(chan error, 1)
	go func() { errc <- apiserver.Execute() }()

	ctx := context.Background()
	go func() {
		if err := startCluster(ctx, o, server, pki, users[0].token); err != nil {
			errc <- err
			return
		}
		_ = os.WriteFile(filepath.Join(o.dir, "ready"), []byte(clientServer+"\n"), 0o600)
		fmt.Fprintf(os.Stderr, "localcluster: ready at %s\n", clientServer)
	}()
	return <-errc
}

// startCluster waits for the API server, then starts what makes the cluster alive (unless lean) while
// bootstrap gives the test users their rights; it returns once both are done.
func startCluster(ctx context.Context, o options, server string, pki pkiFiles, adminToken string) error {
	deadline, cancel := context.WithTimeout(ctx, 120*time.Second)
	defer cancel()
	client, err := adminClient(server, pki.caPEM, adminToken)
	if err != nil {
		return err
	}
	if err := waitReady(deadline, client); err != nil {
		return err
	}
	living := make(chan error, 1)
	if o.lean {
		living <- nil
	} else {
		go func() { living <- startLivingCluster(ctx, deadline, o, client, pki) }()
	}
	if err := bootstrap(deadline, client); err != nil {
		return fmt.Errorf("cannot prepare the cluster: %w", err)
	}
	return <-living
}

// startLivingCluster starts kube-controller-manager, kube-scheduler and the simulated nodes; the
// components run for the life of the process (ctx), and it returns (by deadline) once the nodes are
// Ready and the controller-manager has made the default namespace's ServiceAccount.
func startLivingCluster(ctx, deadline context.Context, o options, client kubeClient, pki pkiFiles) error {
	kubeconfig := filepath.Join(o.dir, "controlplane.kubeconfig")
	if err := startControllerManager(ctx, kubeconfig, pki); err != nil {
		return fmt.Errorf("cannot start kube-controller-manager: %w", err)
	}
	if err := startScheduler(ctx, kubeconfig); err != nil {
		return fmt.Errorf("cannot start kube-scheduler: %w", err)
	}
	nodes, err := registerNodes(deadline, client, o.nodes)
	if err != nil {
		return fmt.Errorf("cannot register the simulated nodes: %w", err)
	}
	go keepNodesAlive(ctx, client, nodes)
	go runPodSimulator(ctx, client, nodes)
	// The ServiceAccount admission plugin refuses Pods until their namespace's default
	// ServiceAccount exists; once the controller-manager made default's, it is keeping up.
	return waitForDefaultServiceAccount(deadline, client)
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
