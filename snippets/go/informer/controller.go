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
// New registers the controller's handlers on the factory's Pod informer.
// Call factory.Start (or StartWithContext) after New, then Run.
func New(client kubernetes.Interface, factory informers.SharedInformerFactory,
	limiter workqueue.TypedRateLimiter[cache.ObjectName]) (*Controller, error) {
	podInformer := factory.Core().V1().Pods()
	c := &Controller{
		client: client,
		pods:   podInformer.Lister(), // reads hit the local Indexer, not the API server
		queue: workqueue.NewTypedRateLimitingQueueWithConfig(limiter,
			workqueue.TypedRateLimitingQueueConfig[cache.ObjectName]{Name: "pods"}),
	}
	// Since client-go v0.26 AddEventHandler returns a registration and an error.
	reg, err := podInformer.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    c.enqueue,
		UpdateFunc: func(_, newObj any) { c.enqueue(newObj) },
		DeleteFunc: c.enqueue, // may receive cache.DeletedFinalStateUnknown
	})
	if err != nil {
		return nil, fmt.Errorf("add pod handler: %w", err)
	}
	// This handler's HasSynced: the informer has listed AND this handler has
	// been given every object of that initial list.
	c.synced = reg.HasSynced
	return c, nil
}

// enqueue only records the key; the worker fetches the latest state later,
// so ten updates to one Pod while it waits collapse into one reconcile.
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
// Run waits for the cache, starts the workers and blocks until ctx is done.
func (c *Controller) Run(ctx context.Context, workers int) error {
	defer utilruntime.HandleCrash()
	defer c.queue.ShutDown() // makes Get return shutdown=true, ending the workers

	// Acting on a half-filled cache would treat not-yet-listed Pods as deleted.
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

// processNext handles one key. The queue guarantees a key is never processed
// by two workers at once: Get marks it processing until Done.
func (c *Controller) processNext(ctx context.Context) bool {
	key, shutdown := c.queue.Get()
	if shutdown {
		return false
	}
	defer c.queue.Done(key)

	err := c.reconcile(ctx, key)
	switch {
	case err == nil:
		c.queue.Forget(key) // reset this key's exponential backoff
	case c.queue.NumRequeues(key) < maxRetries:
		c.queue.AddRateLimited(key) // retry after 5ms, 10ms, 20ms, ... per key
	default:
		c.queue.Forget(key)
		utilruntime.HandleError(fmt.Errorf("dropping %s after %d retries: %w", key, maxRetries, err))
	}
	return true
}

// --8<-- [end:run]

// --8<-- [start:reconcile]
// reconcile is level-based: it looks at the Pod as it is now, not at the
// event that caused the key to be queued.
func (c *Controller) reconcile(ctx context.Context, key cache.ObjectName) error {
	pod, err := c.pods.Pods(key.Namespace).Get(key.Name)
	if apierrors.IsNotFound(err) {
		return nil // deleted meanwhile: nothing to do
	}
	if err != nil {
		return err
	}
	if pod.Labels[SeenLabel] == "true" {
		return nil
	}
	// Objects from the lister are shared with the cache and every other
	// handler: copy before changing, never modify them in place.
	pod = pod.DeepCopy()
	if pod.Labels == nil {
		pod.Labels = map[string]string{}
	}
	pod.Labels[SeenLabel] = "true"
	// Update sends our resourceVersion; if someone else wrote first the API
	// server answers 409 Conflict and the key is retried with fresh data.
	_, err = c.client.CoreV1().Pods(pod.Namespace).Update(ctx, pod, metav1.UpdateOptions{})
	return err
}

// --8<-- [end:reconcile]

// seen reports whether a Pod carries the label; the tests use it.
func seen(p *corev1.Pod) bool { return p.Labels[SeenLabel] == "true" }
