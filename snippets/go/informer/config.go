// Package informer is a minimal Pod controller built the way client-go
// intends: a shared informer fills a local cache, event handlers only enqueue
// keys, and workers read from the cache and write through the clientset.
package informer

import (
	"errors"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

// --8<-- [start:config]
// LoadConfig prefers the in-cluster config: inside a Pod, client-go reads
// KUBERNETES_SERVICE_HOST/PORT and the ServiceAccount token and CA mounted at
// /var/run/secrets/kubernetes.io/serviceaccount/. Outside a cluster it falls
// back to a kubeconfig file (for local development).
func LoadConfig(kubeconfig string) (*rest.Config, error) {
	cfg, err := rest.InClusterConfig()
	if err == nil {
		return cfg, nil
	}
	if !errors.Is(err, rest.ErrNotInCluster) {
		return nil, err // in a Pod, but the token or CA could not be read
	}
	cfg, err = clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		return nil, err
	}
	// Client-side throttling: the defaults (QPS 5, Burst 10) are easy to hit.
	cfg.QPS, cfg.Burst = 20, 40
	return cfg, nil
}

// --8<-- [end:config]
