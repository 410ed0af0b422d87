package main

import (
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// podStatusAt is the status the simulated kubelet reports for pod at now, given the moment it
// started the Pod and the addresses it gave it; next is how long after start the status changes
// again (0: never, the Pod is done or settled).
func podStatusAt(pod *corev1.Pod, start, now time.Time, hostIP, podIP string) (corev1.PodStatus, time.Duration) {
	t := &timeline{start: start, elapsed: now.Sub(start)}
	status := *pod.Status.DeepCopy()
	status.StartTime = &metav1.Time{Time: start}
	status.HostIP, status.HostIPs = hostIP, []corev1.HostIP{{IP: hostIP}}
	status.PodIP, status.PodIPs = podIP, []corev1.PodIP{{IP: podIP}}

	// Init containers complete at once (sidecars, restartPolicy Always, keep running and are Ready).
	status.InitContainerStatuses = nil
	for _, c := range pod.Spec.InitContainers {
		initStatus := corev1.ContainerStatus{Name: c.Name, Image: c.Image, ImageID: c.Image + "@sha256:" + digest(c.Image), Ready: true}
		if c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways {
			t.running(pod, c, &initStatus, 0, 0)
		} else {
			initStatus.ContainerID = containerID(pod, c, 0)
			initStatus.State.Terminated = t.terminated(pod, c, 0, 0, 0, 0)
			started := false
			initStatus.Started = &started
		}
		status.InitContainerStatuses = append(status.InitContainerStatuses, initStatus)
	}

	status.ContainerStatuses = nil
	allReady, allTerminated, allSucceeded, anyCreating := true, true, true, false
	for _, c := range pod.Spec.Containers {
		containerStatus := t.containerStatus(pod, c)
		status.ContainerStatuses = append(status.ContainerStatuses, containerStatus)
		allReady = allReady && containerStatus.Ready
		terminated := containerStatus.State.Terminated
		allTerminated = allTerminated && terminated != nil
		allSucceeded = allSucceeded && terminated != nil && terminated.ExitCode == 0
		anyCreating = anyCreating || (containerStatus.State.Waiting != nil && containerStatus.State.Waiting.Reason == "ContainerCreating")
	}

	switch {
	case anyCreating:
		status.Phase = corev1.PodPending
	case allTerminated && allSucceeded:
		status.Phase = corev1.PodSucceeded
	case allTerminated && pod.Spec.RestartPolicy == corev1.RestartPolicyNever:
		status.Phase = corev1.PodFailed
	default:
		status.Phase = corev1.PodRunning
	}

	readyReason := ""
	if !allReady {
		readyReason = "ContainersNotReady"
	}
	if status.Phase == corev1.PodSucceeded || status.Phase == corev1.PodFailed {
		readyReason = "PodCompleted"
	}
	setCondition(&status, corev1.PodReadyToStartContainers, status.Phase != corev1.PodSucceeded && status.Phase != corev1.PodFailed, "", now)
	setCondition(&status, corev1.PodInitialized, true, "", now)
	setCondition(&status, corev1.ContainersReady, allReady, readyReason, now)
	setCondition(&status, corev1.PodReady, allReady, readyReason, now)
	return status, t.next
}

// setCondition sets a Pod condition, keeping its lastTransitionTime unless its status changes.
func setCondition(status *corev1.PodStatus, kind corev1.PodConditionType, isTrue bool, reason string, now time.Time) {
	value := corev1.ConditionFalse
	if isTrue {
		value = corev1.ConditionTrue
		reason = ""
	}
	condition := corev1.PodCondition{Type: kind, Status: value, Reason: reason, LastTransitionTime: metav1.NewTime(now.Truncate(time.Second))}
	for i := range status.Conditions {
		if status.Conditions[i].Type == kind {
			if status.Conditions[i].Status == value {
				condition.LastTransitionTime = status.Conditions[i].LastTransitionTime
			}
			status.Conditions[i] = condition
			return
		}
	}
	status.Conditions = append(status.Conditions, condition)
}
