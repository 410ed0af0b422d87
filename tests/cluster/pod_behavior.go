package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
)

// What a simulated container does is decided by its image's tag, so tests (and the demo) can make a
// workload misbehave on purpose:
//
//	image tag   Pod restartPolicy Always            Never / OnFailure (Jobs)
//	crashloop   CrashLoopBackOff, exit code 1       Never: exits 1, Pod Failed; OnFailure: CrashLoopBackOff
//	fail        as crashloop                        as crashloop
//	slow        Running at once, Ready after 10 s   runs 10 s, never Ready, exits 0
//	any other   Running and Ready within 1 s        runs 1 s, exits 0, Pod Succeeded
type behavior int

const (
	behaveNormally behavior = iota
	crashLoop
	exitWithFailure
	startSlowly
)

const (
	// startDelay is the time a container takes to be "pulled and started".
	startDelay = 500 * time.Millisecond
	// runDuration is how long a run-to-completion container runs, and how long a crashing one runs
	// before it exits 1.
	runDuration = time.Second
	// slowDuration is how long a slow container takes to become Ready (or to complete).
	slowDuration = 10 * time.Second
	// The kubelet's crash-loop back-off: 10 s, doubled after every crash, at most 5 minutes.
	initialBackOff = 10 * time.Second
	maxBackOff     = 5 * time.Minute
)

func behaviorOf(image string) behavior {
	switch imageTag(image) {
	case "crashloop":
		return crashLoop
	case "fail":
		return exitWithFailure
	case "slow":
		return startSlowly
	}
	return behaveNormally
}

// imageTag is the tag of an image reference ("" when it has none): "nginx:slow" → "slow",
// "registry:5000/app" → "", "app:fail@sha256:..." → "fail".
func imageTag(image string) string {
	image, _, _ = strings.Cut(image, "@")
	lastColon := strings.LastIndex(image, ":")
	if lastColon < 0 || strings.Contains(image[lastColon:], "/") {
		return ""
	}
	return image[lastColon+1:]
}

// timeline computes statuses as a pure function of the time since the Pod started, so a status
// computed twice at the same moment is the same, and the simulator writes only when it changes. All
// timestamps are whole seconds, as the API server stores them.
type timeline struct {
	start   time.Time
	elapsed time.Duration
	// next is the earliest later moment (since start) at which some status will change; 0: never.
	next time.Duration
}

func (t *timeline) at(offset time.Duration) metav1.Time {
	return metav1.NewTime(t.start.Add(offset).Truncate(time.Second))
}

// changesAt records that a status changes at offset, if that is still ahead.
func (t *timeline) changesAt(offset time.Duration) {
	if offset > t.elapsed && (t.next == 0 || offset < t.next) {
		t.next = offset
	}
}

// containerStatus is the status of container c of a Pod at t.elapsed.
func (t *timeline) containerStatus(pod *corev1.Pod, c corev1.Container) corev1.ContainerStatus {
	status := corev1.ContainerStatus{
		Name:    c.Name,
		Image:   c.Image,
		ImageID: c.Image + "@sha256:" + digest(c.Image),
		Started: ptr.To(false),
	}
	if t.elapsed < startDelay {
		status.State.Waiting = &corev1.ContainerStateWaiting{Reason: "ContainerCreating"}
		t.changesAt(startDelay)
		return status
	}
	policy := pod.Spec.RestartPolicy
	kind := behaviorOf(c.Image)
	switch {
	case kind == behaveNormally || kind == startSlowly:
		runFor, readyAfter := runDuration, startDelay
		if kind == startSlowly {
			runFor, readyAfter = slowDuration, slowDuration
		}
		if policy == corev1.RestartPolicyAlways {
			t.running(pod, c, &status, 0, startDelay)
			status.Ready = t.elapsed >= readyAfter
			t.changesAt(readyAfter)
			return status
		}
		t.runToCompletion(pod, c, &status, runFor, 0)
		status.Ready = kind == behaveNormally && status.State.Running != nil
	case policy == corev1.RestartPolicyNever:
		t.runToCompletion(pod, c, &status, runDuration, 1)
	default:
		t.crashLoop(pod, c, &status)
	}
	return status
}

// running puts a container in the Running state since startedAt.
func (t *timeline) running(pod *corev1.Pod, c corev1.Container, status *corev1.ContainerStatus, restarts int32, startedAt time.Duration) {
	status.RestartCount = restarts
	status.Started = ptr.To(true)
	status.ContainerID = containerID(pod, c, restarts)
	status.State.Running = &corev1.ContainerStateRunning{StartedAt: t.at(startedAt)}
}

func (t *timeline) terminated(pod *corev1.Pod, c corev1.Container, restarts int32, startedAt, finishedAt time.Duration, exitCode int32) *corev1.ContainerStateTerminated {
	reason := "Completed"
	if exitCode != 0 {
		reason = "Error"
	}
	return &corev1.ContainerStateTerminated{
		ExitCode:    exitCode,
		Reason:      reason,
		StartedAt:   t.at(startedAt),
		FinishedAt:  t.at(finishedAt),
		ContainerID: containerID(pod, c, restarts),
	}
}

// runToCompletion runs a container once for runFor, then leaves it terminated with exitCode.
func (t *timeline) runToCompletion(pod *corev1.Pod, c corev1.Container, status *corev1.ContainerStatus, runFor time.Duration, exitCode int32) {
	finish := startDelay + runFor
	if t.elapsed < finish {
		t.running(pod, c, status, 0, startDelay)
		t.changesAt(finish)
		return
	}
	status.ContainerID = containerID(pod, c, 0)
	status.State.Terminated = t.terminated(pod, c, 0, startDelay, finish, exitCode)
}

// crashLoop runs a container for runDuration, lets it exit 1, waits out the back-off in
// CrashLoopBackOff and starts it again, like the kubelet; it is never Ready.
func (t *timeline) crashLoop(pod *corev1.Pod, c corev1.Container, status *corev1.ContainerStatus) {
	startedAt, backOff := startDelay, initialBackOff
	var lastRun *corev1.ContainerStateTerminated
	for restarts := int32(0); ; restarts++ {
		crashedAt := startedAt + runDuration
		if t.elapsed < crashedAt {
			t.running(pod, c, status, restarts, startedAt)
			status.LastTerminationState.Terminated = lastRun
			t.changesAt(crashedAt)
			return
		}
		lastRun = t.terminated(pod, c, restarts, startedAt, crashedAt, 1)
		restartAt := crashedAt + backOff
		if t.elapsed < restartAt {
			status.RestartCount = restarts + 1
			status.State.Waiting = &corev1.ContainerStateWaiting{
				Reason: "CrashLoopBackOff",
				Message: fmt.Sprintf("back-off %s restarting failed container=%s pod=%s_%s(%s)",
					backOff, c.Name, pod.Name, pod.Namespace, pod.UID),
			}
			status.LastTerminationState.Terminated = lastRun
			t.changesAt(restartAt)
			return
		}
		startedAt = restartAt
		backOff = min(2*backOff, maxBackOff)
	}
}

// containerID names one run of a container: a restart is a new container.
func containerID(pod *corev1.Pod, c corev1.Container, restarts int32) string {
	return "simulated://" + digest(fmt.Sprintf("%s/%s/%d", pod.UID, c.Name, restarts))[:32]
}

func digest(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
