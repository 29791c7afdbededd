// Package v1 holds the Go types of the Database custom resource
// (db.example.com/v1). The CRD that serves them is
// snippets/k8s/operators/crd-database.yaml.
package v1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/controller-runtime/pkg/scheme"
)

// GroupVersion must match spec.group and the storage version of the CRD.
var GroupVersion = schema.GroupVersion{Group: "db.example.com", Version: "v1"}

// SchemeBuilder registers the types so clients can map Go types to GVKs.
var SchemeBuilder = &scheme.Builder{GroupVersion: GroupVersion}

// AddToScheme is what main and the tests call on their runtime.Scheme.
var AddToScheme = SchemeBuilder.AddToScheme

// --8<-- [start:types]
// DatabaseSpec 是期望状态，由用户填写。
type DatabaseSpec struct {
	Engine   string `json:"engine"`             // postgres | mysql
	Version  string `json:"version"`            // 例如 "17"
	Replicas *int32 `json:"replicas,omitempty"` // nil 表示使用 CRD 中的默认值（1）
	Storage  string `json:"storage"`            // 例如 "10Gi"
}

// DatabaseStatus 是观测到的状态，只由控制器通过 /status 子资源写入。
type DatabaseStatus struct {
	Replicas           int32              `json:"replicas,omitempty"`
	ReadyReplicas      int32              `json:"readyReplicas,omitempty"`
	Selector           string             `json:"selector,omitempty"` // 供 /scale 子资源使用
	ObservedGeneration int64              `json:"observedGeneration,omitempty"`
	Conditions         []metav1.Condition `json:"conditions,omitempty"`
}

// Database 是自定义资源：常规的 TypeMeta/ObjectMeta，加上 spec 和 status。
type Database struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec   DatabaseSpec   `json:"spec,omitempty"`
	Status DatabaseStatus `json:"status,omitempty"`
}

// --8<-- [end:types]

// DatabaseList is what a List call returns.
type DatabaseList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []Database `json:"items"`
}

func init() {
	SchemeBuilder.Register(&Database{}, &DatabaseList{})
}
