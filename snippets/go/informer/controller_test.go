package informer

import (
	"context"
	"errors"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/wait"
	dynamicfake "k8s.io/client-go/dynamic/fake"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"
)

func pod(name string) *corev1.Pod {
	return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: name}}
}

// fastRetry keeps the tests quick: 1ms, 2ms, 4ms ... per key.
func fastRetry() workqueue.TypedRateLimiter[cache.ObjectName] {
	return workqueue.NewTypedItemExponentialFailureRateLimiter[cache.ObjectName](time.Millisecond, 50*time.Millisecond)
}

// --8<-- [start:start]
// start 像 main 那样把控制器接到一个 fake clientset 上。
func start(t *testing.T, client *fake.Clientset) context.CancelFunc {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	factory := informers.NewSharedInformerFactory(client, 0) // 0：不做 resync
	c, err := New(client, factory, fastRetry())
	if err != nil {
		t.Fatal(err)
	}
	factory.StartWithContext(ctx) // 不调用 Start，informer 永远不会 list 或 watch
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx, 2) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
		factory.Shutdown() // 等待 informer 的 goroutine 退出
	})
	return cancel
}

// --8<-- [end:start]

// waitSeen polls the fake API until every named Pod carries the label.
func waitSeen(t *testing.T, client *fake.Clientset, names ...string) {
	t.Helper()
	err := wait.PollUntilContextTimeout(context.Background(), 5*time.Millisecond, 5*time.Second, true,
		func(ctx context.Context) (bool, error) {
			for _, n := range names {
				p, err := client.CoreV1().Pods("default").Get(ctx, n, metav1.GetOptions{})
				if err != nil || !seen(p) {
					return false, nil
				}
			}
			return true, nil
		})
	if err != nil {
		t.Fatalf("pods %v never labelled: %v", names, err)
	}
}

func TestLabelsExistingAndNewPods(t *testing.T) {
	client := fake.NewClientset(pod("before-start"))
	start(t, client)
	if _, err := client.CoreV1().Pods("default").Create(context.Background(), pod("after-start"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	waitSeen(t, client, "before-start", "after-start")
}

// --8<-- [start:conflict]
func TestConflictIsRetried(t *testing.T) {
	client := fake.NewClientset(pod("busy"))
	var failures atomic.Int32
	// 前两次更新失败，就像另一个写者抢先赢了竞争。
	client.PrependReactor("update", "pods", func(k8stesting.Action) (bool, runtime.Object, error) {
		if failures.Add(1) <= 2 {
			return true, nil, errors.New("simulated 409 conflict")
		}
		return false, nil, nil // 交给正常的 object tracker 处理
	})
	start(t, client)
	waitSeen(t, client, "busy")
	if n := failures.Load(); n < 3 {
		t.Fatalf("update attempts = %d, want >= 3", n)
	}
}

// --8<-- [end:conflict]

func TestDynamicClientListsCustomResources(t *testing.T) {
	gvr := schema.GroupVersionResource{Group: "cnig.example.com", Version: "v1", Resource: "widgets"}
	widget := func(name string) *unstructured.Unstructured {
		u := &unstructured.Unstructured{}
		u.SetAPIVersion("cnig.example.com/v1")
		u.SetKind("Widget")
		u.SetNamespace("default")
		u.SetName(name)
		return u
	}
	dyn := dynamicfake.NewSimpleDynamicClientWithCustomListKinds(runtime.NewScheme(),
		map[schema.GroupVersionResource]string{gvr: "WidgetList"}, widget("a"), widget("b"))
	names, err := ListNames(context.Background(), dyn, gvr, "default")
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	if !slices.Equal(names, []string{"a", "b"}) {
		t.Fatalf("names = %v", names)
	}
}
