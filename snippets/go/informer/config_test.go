package informer

import (
	"os"
	"path/filepath"
	"testing"
)

// kubeconfigFor writes a one-cluster kubeconfig pointing at server.
func kubeconfigFor(t *testing.T, server string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config")
	data := `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster:
    server: ` + server + `
users:
- name: u
  user:
    token: t
contexts:
- name: ctx
  context:
    cluster: c
    user: u
current-context: ctx
`
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// --8<-- [start:configtest]
func TestLoadConfigFollowsKubectlRules(t *testing.T) {
	t.Setenv("KUBERNETES_SERVICE_HOST", "") // 不在集群里
	t.Setenv("KUBECONFIG", kubeconfigFor(t, "https://from-env.example:6443"))

	cfg, err := LoadConfig("") // 没有显式路径：用 $KUBECONFIG
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Host != "https://from-env.example:6443" || cfg.QPS != 20 || cfg.Burst != 40 {
		t.Fatalf("host=%q qps=%v burst=%d", cfg.Host, cfg.QPS, cfg.Burst)
	}

	explicit := kubeconfigFor(t, "https://explicit.example:6443")
	cfg, err = LoadConfig(explicit) // 显式路径优先于 $KUBECONFIG
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Host != "https://explicit.example:6443" || cfg.QPS != 20 || cfg.Burst != 40 {
		t.Fatalf("host=%q qps=%v burst=%d", cfg.Host, cfg.QPS, cfg.Burst)
	}
}

// --8<-- [end:configtest]

func TestLoadConfigMissingExplicitFile(t *testing.T) {
	t.Setenv("KUBERNETES_SERVICE_HOST", "")
	if _, err := LoadConfig(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Fatal("want an error for a kubeconfig path that does not exist")
	}
}
