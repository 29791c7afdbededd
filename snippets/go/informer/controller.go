package informer

import (
	"context"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"
)

// SeenLabel is the label the controller puts on every Pod it has processed.
const SeenLabel = "cnig.example.com/seen"

// maxRetries bounds how often one key is retried before it is dropped.
const maxRetries = 5

// Controller labels Pods. It is small on purpose; the shape is what matters.
type Controller struct {
	client kubernetes.Interface
	pods   corelisters.PodLister
	synced cache.InformerSynced
	queue  workqueue.TypedRateLimitingInterface[cache.ObjectName]
}

// --8<-- [start:new]
// New 在 factory 的 Pod informer 上注册控制器的 handler。
// 先调用 New，再调用 factory.Start（或 StartWithContext），最后调用 Run。
func New(client kubernetes.Interface, factory informers.SharedInformerFactory,
	limiter workqueue.TypedRateLimiter[cache.ObjectName]) (*Controller, error) {
	podInformer := factory.Core().V1().Pods()
	c := &Controller{
		client: client,
		pods:   podInformer.Lister(), // 读操作命中本地 Indexer，而不是 API server
		queue: workqueue.NewTypedRateLimitingQueueWithConfig(limiter,
			workqueue.TypedRateLimitingQueueConfig[cache.ObjectName]{Name: "pods"}),
	}
	// 自 client-go v0.26 起，AddEventHandler 返回一个 registration 和一个 error。
	reg, err := podInformer.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    c.enqueue,
		UpdateFunc: func(_, newObj any) { c.enqueue(newObj) },
		DeleteFunc: c.enqueue, // 可能收到 cache.DeletedFinalStateUnknown
	})
	if err != nil {
		return nil, fmt.Errorf("add pod handler: %w", err)
	}
	// 这个 handler 自己的 HasSynced：informer 已完成 list，并且初始 list 中的
	// 每个对象都已交给这个 handler。
	c.synced = reg.HasSynced
	return c, nil
}

// enqueue 只记录 key；worker 稍后再取最新状态，所以某个 Pod 在排队期间的
// 十次更新会合并成一次 reconcile。
func (c *Controller) enqueue(obj any) {
	key, err := cache.DeletionHandlingObjectToName(obj)
	if err != nil {
		utilruntime.HandleError(err)
		return
	}
	c.queue.Add(key)
}

// --8<-- [end:new]

// --8<-- [start:run]
// Run 等待缓存同步、启动 worker，并一直阻塞到 ctx 结束。
func (c *Controller) Run(ctx context.Context, workers int) error {
	defer utilruntime.HandleCrash()
	defer c.queue.ShutDown() // 让 Get 返回 shutdown=true，从而结束 worker

	// 基于只填了一半的缓存行动，会把尚未 list 到的 Pod 当成已删除。
	if !cache.WaitForNamedCacheSyncWithContext(ctx, c.synced) {
		return fmt.Errorf("pods cache did not sync: %w", context.Cause(ctx))
	}
	for range workers {
		go wait.UntilWithContext(ctx, c.worker, time.Second)
	}
	<-ctx.Done()
	return nil
}

func (c *Controller) worker(ctx context.Context) {
	for c.processNext(ctx) {
	}
}

// processNext 处理一个 key。队列保证同一个 key 不会同时被两个 worker
// 处理：Get 把它标记为处理中，直到 Done。
func (c *Controller) processNext(ctx context.Context) bool {
	key, shutdown := c.queue.Get()
	if shutdown {
		return false
	}
	defer c.queue.Done(key)

	err := c.reconcile(ctx, key)
	switch {
	case err == nil:
		c.queue.Forget(key) // 重置这个 key 的指数退避
	case c.queue.NumRequeues(key) < maxRetries:
		c.queue.AddRateLimited(key) // 按 key 依次在 5ms、10ms、20ms……之后重试
	default:
		c.queue.Forget(key)
		utilruntime.HandleError(fmt.Errorf("dropping %s after %d retries: %w", key, maxRetries, err))
	}
	return true
}

// --8<-- [end:run]

// --8<-- [start:reconcile]
// reconcile 是基于水平（level-based）的：它看 Pod 现在的样子，而不是
// 导致 key 入队的那个事件。
func (c *Controller) reconcile(ctx context.Context, key cache.ObjectName) error {
	pod, err := c.pods.Pods(key.Namespace).Get(key.Name)
	if apierrors.IsNotFound(err) {
		return nil // 期间已被删除：无事可做
	}
	if err != nil {
		return err
	}
	if pod.Labels[SeenLabel] == "true" {
		return nil
	}
	// lister 返回的对象与缓存及其他所有 handler 共享：修改前先复制，
	// 绝不要原地修改。
	pod = pod.DeepCopy()
	if pod.Labels == nil {
		pod.Labels = map[string]string{}
	}
	pod.Labels[SeenLabel] = "true"
	// Update 会带上我们读到的 resourceVersion；如果别人先写入，API server
	// 返回 409 Conflict，这个 key 会用最新数据重试。
	_, err = c.client.CoreV1().Pods(pod.Namespace).Update(ctx, pod, metav1.UpdateOptions{})
	return err
}

// --8<-- [end:reconcile]

// seen reports whether a Pod carries the label; the tests use it.
func seen(p *corev1.Pod) bool { return p.Labels[SeenLabel] == "true" }
