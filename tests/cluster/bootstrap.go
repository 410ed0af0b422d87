package main

import (
	"context"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/util/retry"
)

// kubeClient is the typed client the harness itself uses (bootstrap, nodes, the pod simulator).
type kubeClient = *kubernetes.Clientset

// adminClient talks to the API server directly as the admin user.
func adminClient(server string, caPEM []byte, adminToken string) (kubeClient, error) {
	return kubernetes.NewForConfig(&rest.Config{
		Host:            server,
		BearerToken:     adminToken,
		TLSClientConfig: rest.TLSClientConfig{CAData: caPEM},
		UserAgent:       "localcluster",
		QPS:             100,
		Burst:           200,
	})
}

// bootstrap gives the test users their rights: viewer gets the built-in view ClusterRole everywhere,
// team-a gets the built-in edit ClusterRole in namespace team-a only.
func bootstrap(ctx context.Context, client kubeClient) error {
	for _, name := range []string{"view", "edit", "admin"} {
		if err := waitForClusterRole(ctx, client, name); err != nil {
			return err
		}
		if err := aggregateClusterRole(ctx, client, name); err != nil {
			return err
		}
	}
	for _, create := range []func() error{
		func() error {
			_, err := client.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "team-a"}}, metav1.CreateOptions{})
			return err
		},
		func() error {
			_, err := client.RbacV1().ClusterRoleBindings().Create(ctx, &rbacv1.ClusterRoleBinding{
				ObjectMeta: metav1.ObjectMeta{Name: "localcluster:viewer"},
				RoleRef:    rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: "view"},
				Subjects:   []rbacv1.Subject{{APIGroup: "rbac.authorization.k8s.io", Kind: "User", Name: "viewer"}},
			}, metav1.CreateOptions{})
			return err
		},
		func() error {
			_, err := client.RbacV1().RoleBindings("team-a").Create(ctx, &rbacv1.RoleBinding{
				ObjectMeta: metav1.ObjectMeta{Name: "localcluster:team-a", Namespace: "team-a"},
				RoleRef:    rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: "edit"},
				Subjects:   []rbacv1.Subject{{APIGroup: "rbac.authorization.k8s.io", Kind: "User", Name: "team-a"}},
			}, metav1.CreateOptions{})
			return err
		},
	} {
		if err := create(); err != nil && !apierrors.IsAlreadyExists(err) {
			return err
		}
	}
	return nil
}

// aggregateClusterRole fills an aggregated ClusterRole (view, edit, admin) with the rules of the roles
// its aggregationRule selects. kube-controller-manager does this too, but not in a lean cluster, and
// doing it here means the roles grant their rights before DIR/ready appears. When the controller
// gets there first, the update conflicts and is simply retried.
func aggregateClusterRole(ctx context.Context, client kubeClient, name string) error {
	return retry.RetryOnConflict(retry.DefaultRetry, func() error {
		return aggregateClusterRoleOnce(ctx, client, name)
	})
}

func aggregateClusterRoleOnce(ctx context.Context, client kubeClient, name string) error {
	role, err := client.RbacV1().ClusterRoles().Get(ctx, name, metav1.GetOptions{})
	if err != nil || role.AggregationRule == nil {
		return err
	}
	var rules []rbacv1.PolicyRule
	for _, selector := range role.AggregationRule.ClusterRoleSelectors {
		selected, err := client.RbacV1().ClusterRoles().List(ctx, metav1.ListOptions{
			LabelSelector: metav1.FormatLabelSelector(&selector),
		})
		if err != nil {
			return err
		}
		for _, source := range selected.Items {
			if source.Name != name {
				rules = append(rules, source.Rules...)
			}
		}
	}
	role.Rules = rules
	_, err = client.RbacV1().ClusterRoles().Update(ctx, role, metav1.UpdateOptions{})
	return err
}

func waitReady(ctx context.Context, client kubeClient) error {
	var last error
	for {
		body, err := client.Discovery().RESTClient().Get().AbsPath("/readyz").DoRaw(ctx)
		if err == nil && string(body) == "ok" {
			return nil
		}
		last = err
		select {
		case <-ctx.Done():
			return fmt.Errorf("/readyz did not answer ok in time: %v", last)
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func waitForClusterRole(ctx context.Context, client kubeClient, name string) error {
	for {
		_, err := client.RbacV1().ClusterRoles().Get(ctx, name, metav1.GetOptions{})
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("ClusterRole %q did not appear: %v", name, err)
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func waitForDefaultServiceAccount(ctx context.Context, client kubeClient) error {
	for {
		_, err := client.CoreV1().ServiceAccounts(metav1.NamespaceDefault).Get(ctx, "default", metav1.GetOptions{})
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("the controller-manager made no default ServiceAccount in time: %v", err)
		case <-time.After(100 * time.Millisecond):
		}
	}
}
