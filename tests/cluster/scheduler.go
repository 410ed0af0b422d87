package main

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/pflag"
	scheduler "k8s.io/kubernetes/cmd/kube-scheduler/app"
	scheduleroptions "k8s.io/kubernetes/cmd/kube-scheduler/app/options"
)

// startScheduler runs the real kube-scheduler in this process with its default profile, so Pods are
// placed on the simulated nodes by the same filters and scores as in a real cluster. As with the
// controller-manager, the flags are parsed without running the command (see controllers.go).
func startScheduler(ctx context.Context, kubeconfig string) error {
	options := scheduleroptions.NewOptions()
	flags := pflag.NewFlagSet("kube-scheduler", pflag.ContinueOnError)
	for _, set := range options.Flags.FlagSets {
		flags.AddFlagSet(set)
	}
	if err := flags.Parse([]string{
		"--kubeconfig=" + kubeconfig,
		"--leader-elect=false",
		"--secure-port=0",
	}); err != nil {
		return err
	}
	config, sched, err := scheduler.Setup(ctx, options)
	if err != nil {
		return err
	}
	go func() {
		if err := scheduler.Run(ctx, config, sched); err != nil {
			fmt.Fprintf(os.Stderr, "localcluster: kube-scheduler stopped: %v\n", err)
			os.Exit(2)
		}
	}()
	return nil
}
