package main

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/pflag"
	controllermanager "k8s.io/kubernetes/cmd/kube-controller-manager/app"
	controllermanageroptions "k8s.io/kubernetes/cmd/kube-controller-manager/app/options"
)

// startControllerManager runs the real kube-controller-manager in this process, built from the same
// Go modules as the API server, with every controller it enables by default: Deployments get
// ReplicaSets and Pods, Jobs complete, namespaces finish deleting, garbage collection works, and
// every namespace gets its default ServiceAccount and kube-root-ca.crt ConfigMap.
//
// It parses flags as the real command does but skips the command itself: the command would apply
// the logging configuration a second time (the API server already did) and install its own signal
// handler, which Go allows only once per process.
func startControllerManager(ctx context.Context, kubeconfig string, pki pkiFiles) error {
	options, err := controllermanageroptions.NewKubeControllerManagerOptions()
	if err != nil {
		return err
	}
	known := controllermanager.KnownControllers()
	disabledByDefault := controllermanager.ControllersDisabledByDefault()
	aliases := controllermanager.ControllerAliases()
	namedFlags := options.Flags(known, disabledByDefault, aliases)
	options.ParsedFlags = &namedFlags
	flags := pflag.NewFlagSet("kube-controller-manager", pflag.ContinueOnError)
	for _, set := range namedFlags.FlagSets {
		flags.AddFlagSet(set)
	}
	if err := flags.Parse(controllerManagerArgs(kubeconfig, pki)); err != nil {
		return err
	}
	config, err := options.Config(known, disabledByDefault, aliases)
	if err != nil {
		return err
	}
	go func() {
		if err := controllermanager.Run(ctx, config.Complete()); err != nil {
			fmt.Fprintf(os.Stderr, "localcluster: kube-controller-manager stopped: %v\n", err)
			os.Exit(2)
		}
	}()
	return nil
}

func controllerManagerArgs(kubeconfig string, pki pkiFiles) []string {
	return []string{
		"--kubeconfig=" + kubeconfig,
		// One controller-manager per cluster: electing a leader would only delay the start by a
		// lease acquisition.
		"--leader-elect=false",
		// No serving port: nothing scrapes its metrics or health, and no port can collide.
		"--secure-port=0",
		// The serviceaccount-token controller signs legacy tokens with the key the API server
		// verifies, and publishes the CA as kube-root-ca.crt in every namespace.
		"--service-account-private-key-file=" + pki.saKey,
		"--root-ca-file=" + pki.caFile,
		// Claims bind to volumes within a second, not at the default 15 s resync, so a test of a
		// PersistentVolumeClaim's health does not wait for it.
		"--pvclaimbinder-sync-period=1s",
		"--kube-api-qps=100",
		"--kube-api-burst=200",
	}
}
