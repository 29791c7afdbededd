// Package controller holds the Database reconciler: it turns one Database
// object into a headless Service plus a StatefulSet and reports what it sees
// back into Database.status.
package controller

import (
	"context"
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apimeta "k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/builder"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/controller/controllerutil"
	"sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/predicate"

	dbv1 "example.com/cnig/operator/api/v1"
)

// finalizerName guards the external clean-up step; objects the Database owns
// are removed by the garbage collector through owner references instead.
const finalizerName = "db.example.com/final-backup"

// DatabaseReconciler needs only a client and a scheme; the scheme turns Go
// types into the GroupVersionKind written into owner references.
type DatabaseReconciler struct {
	client.Client
	Scheme *runtime.Scheme
	// FinalBackup runs before the Database is deleted. It stands for any
	// clean-up outside the cluster (a cloud snapshot, a DNS record).
	FinalBackup func(ctx context.Context, db *dbv1.Database) error
}

// --8<-- [start:reconcile]
// Reconcile 是水平触发（level-triggered）的：它只收到 namespace/name，
// 读取当前状态并向 spec 收敛，不管是哪个事件唤醒了它。
func (r *DatabaseReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	logger := log.FromContext(ctx)

	var db dbv1.Database
	if err := r.Get(ctx, req.NamespacedName, &db); err != nil {
		// 在事件发生后已被删除：无事可做，也不重试。
		return ctrl.Result{}, client.IgnoreNotFound(err)
	}

	// 正在删除：先执行外部清理，再移除 finalizer。
	if !db.DeletionTimestamp.IsZero() {
		if controllerutil.ContainsFinalizer(&db, finalizerName) {
			if err := r.FinalBackup(ctx, &db); err != nil {
				return ctrl.Result{}, err // 按指数退避重试
			}
			controllerutil.RemoveFinalizer(&db, finalizerName)
			if err := r.Update(ctx, &db); err != nil {
				return ctrl.Result{}, err
			}
		}
		return ctrl.Result{}, nil
	}
	if controllerutil.AddFinalizer(&db, finalizerName) {
		if err := r.Update(ctx, &db); err != nil {
			return ctrl.Result{}, err // 这里的 Conflict 只意味着“再试一次”
		}
	}

	size, err := resource.ParseQuantity(db.Spec.Storage)
	if err != nil {
		// 重试修不好错误的输入：记录下来，等待新的 spec。
		return ctrl.Result{}, r.setStatus(ctx, &db, nil, metav1.Condition{
			Type: "Ready", Status: metav1.ConditionFalse,
			Reason: "InvalidStorage", Message: err.Error(),
		})
	}

	// CreateOrUpdate 先读取，让 mutate 函数设置期望的字段，只有确有变化时
	// 才写入：执行两次等于什么也没做。
	svc := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: db.Name, Namespace: db.Namespace}}
	if _, err := controllerutil.CreateOrUpdate(ctx, r.Client, svc, func() error {
		desiredService(&db, svc)
		return controllerutil.SetControllerReference(&db, svc, r.Scheme)
	}); err != nil {
		return ctrl.Result{}, fmt.Errorf("service: %w", err)
	}

	sts := &appsv1.StatefulSet{ObjectMeta: metav1.ObjectMeta{Name: db.Name, Namespace: db.Namespace}}
	op, err := controllerutil.CreateOrUpdate(ctx, r.Client, sts, func() error {
		desiredStatefulSet(&db, size, sts)
		return controllerutil.SetControllerReference(&db, sts, r.Scheme)
	})
	if err != nil {
		return ctrl.Result{}, fmt.Errorf("statefulset: %w", err)
	}
	logger.V(1).Info("statefulset reconciled", "operation", op)

	ready := metav1.Condition{Type: "Ready", Status: metav1.ConditionFalse,
		Reason: "Progressing", Message: "waiting for replicas to become ready"}
	if sts.Status.ReadyReplicas == replicas(&db) {
		ready = metav1.Condition{Type: "Ready", Status: metav1.ConditionTrue,
			Reason: "AllReplicasReady", Message: "all replicas are ready"}
	}
	// 不设 RequeueAfter：下面的 Owns(&StatefulSet{}) 会在其 status 变化时唤醒我们。
	return ctrl.Result{}, r.setStatus(ctx, &db, sts, ready)
}

// --8<-- [end:reconcile]

// --8<-- [start:status]
// setStatus 通过 /status 子资源写入观测到的状态。status 每次都根据当前
// 实际存在的对象重新计算，从不累加，因此保持幂等。
func (r *DatabaseReconciler) setStatus(ctx context.Context, db *dbv1.Database,
	sts *appsv1.StatefulSet, cond metav1.Condition) error {
	base := db.DeepCopy()
	if sts != nil {
		db.Status.Replicas = sts.Status.Replicas
		db.Status.ReadyReplicas = sts.Status.ReadyReplicas
	}
	db.Status.Selector = "app.kubernetes.io/instance=" + db.Name
	db.Status.ObservedGeneration = db.Generation
	cond.ObservedGeneration = db.Generation
	apimeta.SetStatusCondition(&db.Status.Conditions, cond) // Status 未变时保留 LastTransitionTime
	return r.Status().Patch(ctx, db, client.MergeFrom(base))
}

// --8<-- [end:status]

// --8<-- [start:setup]
// SetupWithManager 注册 watch：Database 事件（借助 generation predicate，
// 只关注 spec 变化），以及它所控制的 Service 和 StatefulSet 的事件，
// 后者通过 ownerReferences 映射回所有者。
func (r *DatabaseReconciler) SetupWithManager(mgr ctrl.Manager) error {
	return ctrl.NewControllerManagedBy(mgr).
		For(&dbv1.Database{}, builder.WithPredicates(predicate.GenerationChangedPredicate{})).
		Owns(&appsv1.StatefulSet{}).
		Owns(&corev1.Service{}).
		Complete(r)
}

// --8<-- [end:setup]

// replicas applies the CRD default for clients that bypassed it (tests).
func replicas(db *dbv1.Database) int32 {
	if db.Spec.Replicas == nil {
		return 1
	}
	return *db.Spec.Replicas
}

// labels are shared by the Service selector, the StatefulSet and its Pods.
func labels(db *dbv1.Database) map[string]string {
	return map[string]string{
		"app.kubernetes.io/name":       db.Spec.Engine,
		"app.kubernetes.io/instance":   db.Name,
		"app.kubernetes.io/managed-by": "database-operator",
	}
}

// desiredService sets only the fields we own, leaving defaults the API
// server filled in (clusterIP, ipFamilies) untouched so updates stay no-ops.
func desiredService(db *dbv1.Database, svc *corev1.Service) {
	svc.Labels = labels(db)
	svc.Spec.ClusterIP = corev1.ClusterIPNone // headless: stable per-Pod DNS names
	svc.Spec.Selector = labels(db)
	svc.Spec.Ports = []corev1.ServicePort{{Name: "db", Port: port(db)}}
}

// desiredStatefulSet mutates sts towards spec; the selector is immutable
// after creation, so it is only set once.
func desiredStatefulSet(db *dbv1.Database, size resource.Quantity, sts *appsv1.StatefulSet) {
	if sts.CreationTimestamp.IsZero() {
		sts.Spec.Selector = &metav1.LabelSelector{MatchLabels: labels(db)}
		sts.Spec.VolumeClaimTemplates = []corev1.PersistentVolumeClaim{{
			ObjectMeta: metav1.ObjectMeta{Name: "data"},
			Spec: corev1.PersistentVolumeClaimSpec{
				AccessModes: []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
				Resources: corev1.VolumeResourceRequirements{
					Requests: corev1.ResourceList{corev1.ResourceStorage: size},
				},
			},
		}}
	}
	sts.Labels = labels(db)
	sts.Spec.ServiceName = db.Name
	n := replicas(db)
	sts.Spec.Replicas = &n
	sts.Spec.Template.Labels = labels(db)
	sts.Spec.Template.Spec.Containers = []corev1.Container{{
		Name:  db.Spec.Engine,
		Image: db.Spec.Engine + ":" + db.Spec.Version,
		Ports: []corev1.ContainerPort{{Name: "db", ContainerPort: port(db)}},
		// Credentials come from a Secret the user creates; a real operator
		// would generate it and own it too.
		EnvFrom: []corev1.EnvFromSource{{SecretRef: &corev1.SecretEnvSource{
			LocalObjectReference: corev1.LocalObjectReference{Name: db.Name + "-credentials"},
		}}},
		VolumeMounts: []corev1.VolumeMount{{Name: "data", MountPath: "/var/lib/" + db.Spec.Engine}},
	}}
}

// port is the engine's well-known port.
func port(db *dbv1.Database) int32 {
	if db.Spec.Engine == "mysql" {
		return 3306
	}
	return 5432
}
