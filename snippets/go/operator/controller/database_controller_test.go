package controller

import (
	"context"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apimeta "k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"

	dbv1 "example.com/cnig/operator/api/v1"
)

// newReconciler wires the reconciler to an in-memory fake API server that
// already holds objs; backups counts FinalBackup calls.
func newReconciler(t *testing.T, backups *int, objs ...client.Object) *DatabaseReconciler {
	t.Helper()
	s := runtime.NewScheme()
	if err := clientgoscheme.AddToScheme(s); err != nil {
		t.Fatal(err)
	}
	if err := dbv1.AddToScheme(s); err != nil {
		t.Fatal(err)
	}
	c := fake.NewClientBuilder().WithScheme(s).
		WithObjects(objs...).WithStatusSubresource(&dbv1.Database{}).Build()
	return &DatabaseReconciler{Client: c, Scheme: s,
		FinalBackup: func(context.Context, *dbv1.Database) error { *backups++; return nil }}
}

// sample is a valid Database with three replicas.
func sample() *dbv1.Database {
	n := int32(3)
	return &dbv1.Database{
		ObjectMeta: metav1.ObjectMeta{Name: "orders", Namespace: "shop", Generation: 1},
		Spec:       dbv1.DatabaseSpec{Engine: "postgres", Version: "17", Replicas: &n, Storage: "10Gi"},
	}
}

var key = types.NamespacedName{Namespace: "shop", Name: "orders"}

func TestReconcileCreatesOwnedObjectsAndStatus(t *testing.T) {
	var backups int
	r := newReconciler(t, &backups, sample())
	ctx := context.Background()

	// --8<-- [start:idempotent]
	// 执行两次：第二次必须发现没有任何需要修改的地方（幂等）。
	for i := 0; i < 2; i++ {
		if _, err := r.Reconcile(ctx, ctrl.Request{NamespacedName: key}); err != nil {
			t.Fatalf("pass %d: %v", i, err)
		}
	}
	// --8<-- [end:idempotent]

	var sts appsv1.StatefulSet
	if err := r.Get(ctx, key, &sts); err != nil {
		t.Fatal(err)
	}
	if *sts.Spec.Replicas != 3 || sts.Spec.Template.Spec.Containers[0].Image != "postgres:17" {
		t.Errorf("statefulset spec = %d replicas, image %q", *sts.Spec.Replicas, sts.Spec.Template.Spec.Containers[0].Image)
	}
	owner := metav1.GetControllerOf(&sts)
	if owner == nil || owner.Kind != "Database" || owner.Name != "orders" {
		t.Errorf("controller owner = %+v, want Database/orders", owner)
	}

	var svc corev1.Service
	if err := r.Get(ctx, key, &svc); err != nil {
		t.Fatal(err)
	}
	if svc.Spec.ClusterIP != corev1.ClusterIPNone {
		t.Errorf("service clusterIP = %q, want None (headless)", svc.Spec.ClusterIP)
	}

	var db dbv1.Database
	if err := r.Get(ctx, key, &db); err != nil {
		t.Fatal(err)
	}
	if len(db.Finalizers) != 1 || db.Finalizers[0] != finalizerName {
		t.Errorf("finalizers = %v, want [%s]", db.Finalizers, finalizerName)
	}
	cond := apimeta.FindStatusCondition(db.Status.Conditions, "Ready")
	if cond == nil || cond.Status != metav1.ConditionFalse || cond.Reason != "Progressing" {
		t.Errorf("Ready condition = %+v, want False/Progressing (no Pod is ready in a fake cluster)", cond)
	}
	if db.Status.ObservedGeneration != 1 || db.Status.Selector != "app.kubernetes.io/instance=orders" {
		t.Errorf("status = %+v", db.Status)
	}
}

func TestReconcileInvalidStorageSetsCondition(t *testing.T) {
	var backups int
	bad := sample()
	bad.Spec.Storage = "ten gigs"
	r := newReconciler(t, &backups, bad)
	ctx := context.Background()

	if _, err := r.Reconcile(ctx, ctrl.Request{NamespacedName: key}); err != nil {
		t.Fatalf("bad input must not be retried, got error %v", err)
	}
	var db dbv1.Database
	if err := r.Get(ctx, key, &db); err != nil {
		t.Fatal(err)
	}
	if c := apimeta.FindStatusCondition(db.Status.Conditions, "Ready"); c == nil || c.Reason != "InvalidStorage" {
		t.Errorf("Ready condition = %+v, want reason InvalidStorage", c)
	}
}

func TestReconcileDeletionRunsFinalizerOnce(t *testing.T) {
	var backups int
	db := sample()
	db.Finalizers = []string{finalizerName}
	r := newReconciler(t, &backups, db)
	ctx := context.Background()

	// The fake client, like the API server, only marks an object with
	// finalizers as deleting; it disappears once the last finalizer is gone.
	if err := r.Delete(ctx, db); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Reconcile(ctx, ctrl.Request{NamespacedName: key}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Reconcile(ctx, ctrl.Request{NamespacedName: key}); err != nil {
		t.Fatal(err) // already gone: IgnoreNotFound
	}
	if backups != 1 {
		t.Errorf("FinalBackup ran %d times, want 1", backups)
	}
}
