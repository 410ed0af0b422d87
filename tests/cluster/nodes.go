package main

import (
	"context"
	"fmt"
	"os"
	"time"

	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/util/retry"
	"k8s.io/component-base/version"
	"k8s.io/utils/ptr"
)

// simulatedNode is a Node object with no machine behind it: the pod simulator plays its kubelet.
type simulatedNode struct {
	name string
	ip   string
	// index numbers the node from 0; its Pods get addresses from 10.(244+index).0.0/16.
	index int
}

const (
	// leaseDuration and leaseRenewInterval are the kubelet's defaults: the node lifecycle controller
	// marks a node NotReady (and taints it, so nothing is scheduled there any more) when its Lease
	// has not been renewed for its grace period (50 s).
	leaseDuration      = 40 * time.Second
	leaseRenewInterval = 10 * time.Second
	notReadyTaint      = "node.kubernetes.io/not-ready"
)

func newSimulatedNodes(count int) []simulatedNode {
	nodes := make([]simulatedNode, count)
	for i := range nodes {
		nodes[i] = simulatedNode{name: fmt.Sprintf("node-%d", i+1), ip: fmt.Sprintf("10.240.0.%d", i+1), index: i}
	}
	return nodes
}

func (n simulatedNode) podCIDR() string { return fmt.Sprintf("10.%d.0.0/16", 244+n.index) }

// registerNodes creates the Node objects with a Ready status and roomy capacity, and their Leases.
func registerNodes(ctx context.Context, client kubeClient, count int) ([]simulatedNode, error) {
	nodes := newSimulatedNodes(count)
	for _, node := range nodes {
		if err := registerNode(ctx, client, node); err != nil {
			return nil, fmt.Errorf("node %s: %w", node.name, err)
		}
	}
	return nodes, nil
}

func registerNode(ctx context.Context, client kubeClient, node simulatedNode) error {
	_, err := client.CoreV1().Nodes().Create(ctx, &corev1.Node{
		ObjectMeta: metav1.ObjectMeta{
			Name: node.name,
			Labels: map[string]string{
				"kubernetes.io/hostname":      node.name,
				"kubernetes.io/os":            "linux",
				"kubernetes.io/arch":          "amd64",
				"localcluster/simulated":      "true",
				"topology.kubernetes.io/zone": "local",
			},
		},
		Spec: corev1.NodeSpec{PodCIDR: node.podCIDR(), PodCIDRs: []string{node.podCIDR()}},
	}, metav1.CreateOptions{})
	if err != nil && !apierrors.IsAlreadyExists(err) {
		return err
	}
	if err := retry.RetryOnConflict(retry.DefaultRetry, func() error { return reportNodeReady(ctx, client, node) }); err != nil {
		return err
	}
	// The TaintNodesByCondition admission plugin taints every new Node not-ready; the node lifecycle
	// controller would lift it after seeing the Ready condition, but only after its own start-up.
	if err := retry.RetryOnConflict(retry.DefaultRetry, func() error { return removeNotReadyTaint(ctx, client, node) }); err != nil {
		return err
	}
	return renewLease(ctx, client, node)
}

func reportNodeReady(ctx context.Context, client kubeClient, node simulatedNode) error {
	current, err := client.CoreV1().Nodes().Get(ctx, node.name, metav1.GetOptions{})
	if err != nil {
		return err
	}
	now := metav1.Now()
	capacity := corev1.ResourceList{
		corev1.ResourceCPU:              resource.MustParse("32"),
		corev1.ResourceMemory:           resource.MustParse("128Gi"),
		corev1.ResourcePods:             resource.MustParse("250"),
		corev1.ResourceEphemeralStorage: resource.MustParse("500Gi"),
	}
	condition := func(kind corev1.NodeConditionType, status corev1.ConditionStatus, reason, message string) corev1.NodeCondition {
		return corev1.NodeCondition{Type: kind, Status: status, Reason: reason, Message: message, LastHeartbeatTime: now, LastTransitionTime: now}
	}
	current.Status = corev1.NodeStatus{
		Capacity:    capacity,
		Allocatable: capacity,
		Phase:       corev1.NodeRunning,
		Conditions: []corev1.NodeCondition{
			condition(corev1.NodeMemoryPressure, corev1.ConditionFalse, "KubeletHasSufficientMemory", "simulated"),
			condition(corev1.NodeDiskPressure, corev1.ConditionFalse, "KubeletHasNoDiskPressure", "simulated"),
			condition(corev1.NodePIDPressure, corev1.ConditionFalse, "KubeletHasSufficientPID", "simulated"),
			condition(corev1.NodeReady, corev1.ConditionTrue, "KubeletReady", "simulated kubelet is posting ready status"),
		},
		Addresses: []corev1.NodeAddress{
			{Type: corev1.NodeInternalIP, Address: node.ip},
			{Type: corev1.NodeHostName, Address: node.name},
		},
		DaemonEndpoints: corev1.NodeDaemonEndpoints{KubeletEndpoint: corev1.DaemonEndpoint{Port: 10250}},
		NodeInfo: corev1.NodeSystemInfo{
			MachineID:               node.name,
			SystemUUID:              node.name,
			BootID:                  node.name,
			KernelVersion:           "simulated",
			OSImage:                 "localcluster simulated node",
			ContainerRuntimeVersion: "simulated://1.0",
			KubeletVersion:          version.Get().GitVersion,
			KubeProxyVersion:        version.Get().GitVersion,
			OperatingSystem:         "linux",
			Architecture:            "amd64",
		},
	}
	_, err = client.CoreV1().Nodes().UpdateStatus(ctx, current, metav1.UpdateOptions{})
	return err
}

func removeNotReadyTaint(ctx context.Context, client kubeClient, node simulatedNode) error {
	current, err := client.CoreV1().Nodes().Get(ctx, node.name, metav1.GetOptions{})
	if err != nil {
		return err
	}
	var kept []corev1.Taint
	for _, taint := range current.Spec.Taints {
		if taint.Key != notReadyTaint {
			kept = append(kept, taint)
		}
	}
	if len(kept) == len(current.Spec.Taints) {
		return nil
	}
	current.Spec.Taints = kept
	_, err = client.CoreV1().Nodes().Update(ctx, current, metav1.UpdateOptions{})
	return err
}

// renewLease is the kubelet's heartbeat: it creates or renews the node's Lease in kube-node-lease.
func renewLease(ctx context.Context, client kubeClient, node simulatedNode) error {
	leases := client.CoordinationV1().Leases(corev1.NamespaceNodeLease)
	now := metav1.NewMicroTime(time.Now())
	lease, err := leases.Get(ctx, node.name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		_, err = leases.Create(ctx, &coordinationv1.Lease{
			ObjectMeta: metav1.ObjectMeta{Name: node.name, Namespace: corev1.NamespaceNodeLease},
			Spec: coordinationv1.LeaseSpec{
				HolderIdentity:       ptr.To(node.name),
				LeaseDurationSeconds: ptr.To(int32(leaseDuration.Seconds())),
				RenewTime:            &now,
			},
		}, metav1.CreateOptions{})
		return err
	}
	if err != nil {
		return err
	}
	lease.Spec.RenewTime = &now
	_, err = leases.Update(ctx, lease, metav1.UpdateOptions{})
	return err
}

// keepNodesAlive renews every node's Lease until ctx ends, so the node lifecycle controller never
// sees them go silent.
func keepNodesAlive(ctx context.Context, client kubeClient, nodes []simulatedNode) {
	ticker := time.NewTicker(leaseRenewInterval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
		for _, node := range nodes {
			if err := renewLease(ctx, client, node); err != nil {
				fmt.Fprintf(os.Stderr, "localcluster: cannot renew the lease of node %s: %v\n", node.name, err)
			}
		}
	}
}
