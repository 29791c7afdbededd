// Command manager runs the Database controller. It needs a cluster: it reads
// the kubeconfig (or the in-cluster ServiceAccount) like kubectl does.
package main

import (
	"context"
	"os"

	"k8s.io/apimachinery/pkg/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/klog/v2"
	ctrl "sigs.k8s.io/controller-runtime"

	dbv1 "example.com/cnig/operator/api/v1"
	"example.com/cnig/operator/controller"
)

// --8<-- [start:main]
func main() {
	ctrl.SetLogger(klog.NewKlogr()) // klog：Kubernetes 组件使用的 logger
	log := ctrl.Log.WithName("setup")

	// 同一个 scheme 既认识内置类型，也认识我们自己的类型。
	scheme := runtime.NewScheme()
	if err := clientgoscheme.AddToScheme(scheme); err != nil {
		log.Error(err, "built-in types")
		os.Exit(1)
	}
	if err := dbv1.AddToScheme(scheme); err != nil {
		log.Error(err, "Database types")
		os.Exit(1)
	}

	// Manager 持有共享的 informer 缓存、client（从缓存读，向 API server 写）、
	// leader 选举和健康探针。
	mgr, err := ctrl.NewManager(ctrl.GetConfigOrDie(), ctrl.Options{
		Scheme:                 scheme,
		LeaderElection:         true,
		LeaderElectionID:       "database-operator.db.example.com",
		HealthProbeBindAddress: ":8081",
	})
	if err != nil {
		log.Error(err, "manager")
		os.Exit(1)
	}

	r := &controller.DatabaseReconciler{
		Client: mgr.GetClient(),
		Scheme: mgr.GetScheme(),
		FinalBackup: func(ctx context.Context, db *dbv1.Database) error {
			ctrl.LoggerFrom(ctx).Info("final backup", "database", db.Name)
			return nil
		},
	}
	if err := r.SetupWithManager(mgr); err != nil {
		log.Error(err, "controller")
		os.Exit(1)
	}

	// Start 一直阻塞到收到 SIGTERM/SIGINT，然后停止所有控制器。
	if err := mgr.Start(ctrl.SetupSignalHandler()); err != nil {
		log.Error(err, "manager stopped")
		os.Exit(1)
	}
}

// --8<-- [end:main]
