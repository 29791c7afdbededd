package informer

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
)

// --8<-- [start:dynamic]
// ListNames lists any resource, built-in or custom, by its
// GroupVersionResource. The dynamic client has no generated types: objects
// are *unstructured.Unstructured, i.e. map[string]any, and fields are read
// with helpers such as unstructured.NestedString.
func ListNames(ctx context.Context, dyn dynamic.Interface,
	gvr schema.GroupVersionResource, namespace string) ([]string, error) {
	list, err := dyn.Resource(gvr).Namespace(namespace).List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(list.Items))
	for _, item := range list.Items {
		names = append(names, item.GetName())
	}
	return names, nil
}

// --8<-- [end:dynamic]
