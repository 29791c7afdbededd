package informer

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
)

// --8<-- [start:dynamic]
// ListNames 按 GroupVersionResource 列出任意资源，无论内置还是自定义。
// dynamic client 没有生成的类型：对象是 *unstructured.Unstructured，
// 即 map[string]any，字段要用 unstructured.NestedString 这类辅助函数读取。
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
