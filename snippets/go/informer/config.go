// Package informer is a minimal Pod controller built the way client-go
// intends: a shared informer fills a local cache, event handlers only enqueue
// keys, and workers read from the cache and write through the clientset.
package informer

import (
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

// --8<-- [start:config]
// LoadConfig 按 kubectl 的规则找配置：显式传入的 kubeconfig 路径优先，
// 其次是 $KUBECONFIG（可以是用冒号分隔的多个文件），再次是 ~/.kube/config；
// 这些都没有时，如果运行在 Pod 里，就用集群内配置（环境变量
// KUBERNETES_SERVICE_HOST/PORT 加上挂载在
// /var/run/secrets/kubernetes.io/serviceaccount/ 的令牌和 CA）。
func LoadConfig(kubeconfig string) (*rest.Config, error) {
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	rules.ExplicitPath = kubeconfig // 空字符串表示没有显式指定
	cfg, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(
		rules, &clientcmd.ConfigOverrides{}).ClientConfig()
	if err != nil {
		return nil, err
	}
	// 客户端限流对每条路径都生效：默认值（QPS 5、Burst 10）很容易触顶。
	cfg.QPS, cfg.Burst = 20, 40
	return cfg, nil
}

// --8<-- [end:config]
