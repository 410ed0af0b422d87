package main

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/informers"
	listersv1 "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/utils/ptr"
)

// podSimulator is the kubelet of the simulated nodes: it watches the Pods bound to them and reports
// the status their containers would have (see pod_behavior.go), and it finishes graceful deletions
// at once, since there is no process to stop. Without that last part namespaces and rollouts hang.
type podSimulator struct {
	client kubeClient
	pods   listersv1.PodLister
	queue  workqueue.TypedRateLimitingInterface[string]
	nodes  map[string]simulatedNode

	mu sync.Mutex
	// podIPs remembers the address given to each Pod; nextIP counts addresses per node.
	podIPs map[types.UID]string
	nextIP map[string]int
}

const podSimulatorWorkers = 4

func runPodSimulator(ctx context.Context, client kubeClient, nodes []simulatedNode) {
	factory := informers.NewSharedInformerFactoryWithOptions(client, 0,
		informers.WithTweakListOptions(func(options *metav1.ListOptions) {
			options.FieldSelector = "spec.nodeName!="
		}))
	informer := factory.Core().V1().Pods()
	s := &podSimulator{
		client: client,
		pods:   informer.Lister(),
		queue:  workqueue.NewTypedRateLimitingQueue(workqueue.DefaultTypedControllerRateLimiter[string]()),
		nodes:  map[string]simulatedNode{},
		podIPs: map[types.UID]string{},
		nextIP: map[string]int{},
	}
	for _, node := range nodes {
		s.nodes[node.name] = node
	}
	enqueue := func(obj any) {
		if key, err := cache.DeletionHandlingMetaNamespaceKeyFunc(obj); err == nil {
			s.queue.Add(key)
		}
	}
	_, _ = informer.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    enqueue,
		UpdateFunc: func(_, obj any) { enqueue(obj) },
		DeleteFunc: enqueue,
	})
	factory.Start(ctx.Done())
	factory.WaitForCacheSync(ctx.Done())
	for range podSimulatorWorkers {
		go s.work(ctx)
	}
	<-ctx.Done()
	s.queue.ShutDown()
}

func (s *podSimulator) work(ctx context.Context) {
	for {
		key, shutdown := s.queue.Get()
		if shutdown {
			return
		}
		if err := s.sync(ctx, key); err != nil {
			if !apierrors.IsConflict(err) && !apierrors.IsNotFound(err) {
				fmt.Fprintf(os.Stderr, "localcluster: pod simulator: %s: %v\n", key, err)
			}
			s.queue.AddRateLimited(key)
		} else {
			s.queue.Forget(key)
		}
		s.queue.Done(key)
	}
}

func (s *podSimulator) sync(ctx context.Context, key string) error {
	namespace, name, err := cache.SplitMetaNamespaceKey(key)
	if err != nil {
		return nil
	}
	pod, err := s.pods.Pods(namespace).Get(name)
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	node, ours := s.nodes[pod.Spec.NodeName]
	if !ours {
		return nil
	}
	if pod.DeletionTimestamp != nil {
		s.forget(pod.UID)
		return s.finishDeletion(ctx, pod)
	}
	if pod.Status.Phase == corev1.PodSucceeded || pod.Status.Phase == corev1.PodFailed {
		return nil
	}

	now := time.Now()
	start := now.Truncate(time.Second)
	if pod.Status.StartTime != nil {
		start = pod.Status.StartTime.Time
	}
	podIP := node.ip
	if !pod.Spec.HostNetwork {
		podIP = s.podIP(pod, node)
	}
	status, next := podStatusAt(pod, start, now, node.ip, podIP)
	if !apiequality.Semantic.DeepEqual(status, pod.Status) {
		updated := pod.DeepCopy()
		updated.Status = status
		if _, err := s.client.CoreV1().Pods(namespace).UpdateStatus(ctx, updated, metav1.UpdateOptions{}); err != nil {
			return err
		}
	}
	if next > 0 {
		s.queue.AddAfter(key, max(time.Until(start.Add(next)), 10*time.Millisecond))
	}
	return nil
}

// finishDeletion deletes a Pod that is being deleted gracefully for good: its containers "stop" at
// once. The UID precondition keeps a new Pod of the same name safe.
func (s *podSimulator) finishDeletion(ctx context.Context, pod *corev1.Pod) error {
	err := s.client.CoreV1().Pods(pod.Namespace).Delete(ctx, pod.Name, metav1.DeleteOptions{
		GracePeriodSeconds: ptr.To(int64(0)),
		Preconditions:      &metav1.Preconditions{UID: &pod.UID},
	})
	if apierrors.IsNotFound(err) || apierrors.IsConflict(err) {
		return nil
	}
	return err
}

// podIP gives each Pod an address from its node's range, keeping the one it already has.
func (s *podSimulator) podIP(pod *corev1.Pod, node simulatedNode) string {
	if pod.Status.PodIP != "" {
		return pod.Status.PodIP
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if ip, ok := s.podIPs[pod.UID]; ok {
		return ip
	}
	// Addresses 10.(244+index).X.Y with Y in 1..254, over and over; a test cluster never holds
	// 65,000 Pods on one node at a time.
	n := s.nextIP[node.name]
	s.nextIP[node.name] = n + 1
	ip := fmt.Sprintf("10.%d.%d.%d", 244+node.index, (n/254)%256, n%254+1)
	s.podIPs[pod.UID] = ip
	return ip
}

func (s *podSimulator) forget(uid types.UID) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.podIPs, uid)
}
