// Command k8svalidate validates Kubernetes objects with the API server's own
// create-time validation for the pinned Kubernetes version.
//
// It reads one JSON request on stdin and writes one JSON response on stdout:
//
//	request:  {"crds": [<apiextensions.k8s.io/v1 CRD>...],
//	           "schemas": [{"group", "version", "kind", "namespaced", "schema"}...],
//	           "objects": [<object>...]}
//	response: {"results": [{"known": bool, "errors": [{"field", "type", "bad", "message"}]}...]}
//
// Built-in kinds go the way of a create request through the API server: decode
// the versioned object, apply defaults, convert to the internal type, fill the
// system fields, then the resource's registry strategy: PrepareForCreate and
// rest.ValidateCreate (the hand-written Validate*, the common ObjectMeta rules
// and declarative validation). Custom resources are checked like the
// apiextensions-apiserver does: structural defaulting, the OpenAPI schema
// validator, embedded ObjectMeta, list-type invariants and the CEL rules
// (x-kubernetes-validations). CRDs are validated with the CRD strategy.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"

	apiextensions "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsinstall "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/install"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel"
	structuraldefaulting "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting"
	structurallisttype "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/listtype"
	schemaobjectmeta "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/objectmeta"
	apiservervalidation "k8s.io/apiextensions-apiserver/pkg/apiserver/validation"
	crdregistry "k8s.io/apiextensions-apiserver/pkg/registry/customresourcedefinition"
	"k8s.io/apimachinery/pkg/api/meta"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/util/validation/field"
	celconfig "k8s.io/apiserver/pkg/apis/cel"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"

	"k8s.io/kubernetes/pkg/api/legacyscheme"
	_ "k8s.io/kubernetes/pkg/apis/admissionregistration/install"
	_ "k8s.io/kubernetes/pkg/apis/apps/install"
	_ "k8s.io/kubernetes/pkg/apis/autoscaling/install"
	_ "k8s.io/kubernetes/pkg/apis/batch/install"
	_ "k8s.io/kubernetes/pkg/apis/coordination/install"
	api "k8s.io/kubernetes/pkg/apis/core"
	_ "k8s.io/kubernetes/pkg/apis/core/install"
	_ "k8s.io/kubernetes/pkg/apis/discovery/install"
	_ "k8s.io/kubernetes/pkg/apis/flowcontrol/install"
	_ "k8s.io/kubernetes/pkg/apis/networking/install"
	_ "k8s.io/kubernetes/pkg/apis/node/install"
	_ "k8s.io/kubernetes/pkg/apis/policy/install"
	_ "k8s.io/kubernetes/pkg/apis/rbac/install"
	_ "k8s.io/kubernetes/pkg/apis/resource/install"
	_ "k8s.io/kubernetes/pkg/apis/scheduling/install"
	_ "k8s.io/kubernetes/pkg/apis/storage/install"

	"k8s.io/kubernetes/pkg/registry/admissionregistration/mutatingwebhookconfiguration"
	"k8s.io/kubernetes/pkg/registry/admissionregistration/validatingwebhookconfiguration"
	"k8s.io/kubernetes/pkg/registry/apps/controllerrevision"
	"k8s.io/kubernetes/pkg/registry/apps/daemonset"
	"k8s.io/kubernetes/pkg/registry/apps/deployment"
	"k8s.io/kubernetes/pkg/registry/apps/replicaset"
	"k8s.io/kubernetes/pkg/registry/apps/statefulset"
	"k8s.io/kubernetes/pkg/registry/autoscaling/horizontalpodautoscaler"
	"k8s.io/kubernetes/pkg/registry/batch/cronjob"
	"k8s.io/kubernetes/pkg/registry/batch/job"
	"k8s.io/kubernetes/pkg/registry/coordination/lease"
	"k8s.io/kubernetes/pkg/registry/core/configmap"
	"k8s.io/kubernetes/pkg/registry/core/endpoint"
	"k8s.io/kubernetes/pkg/registry/core/limitrange"
	"k8s.io/kubernetes/pkg/registry/core/namespace"
	"k8s.io/kubernetes/pkg/registry/core/persistentvolume"
	"k8s.io/kubernetes/pkg/registry/core/persistentvolumeclaim"
	"k8s.io/kubernetes/pkg/registry/core/pod"
	"k8s.io/kubernetes/pkg/registry/core/podtemplate"
	"k8s.io/kubernetes/pkg/registry/core/replicationcontroller"
	"k8s.io/kubernetes/pkg/registry/core/resourcequota"
	"k8s.io/kubernetes/pkg/registry/core/secret"
	"k8s.io/kubernetes/pkg/registry/core/service"
	"k8s.io/kubernetes/pkg/registry/core/serviceaccount"
	"k8s.io/kubernetes/pkg/registry/discovery/endpointslice"
	"k8s.io/kubernetes/pkg/registry/flowcontrol/flowschema"
	"k8s.io/kubernetes/pkg/registry/flowcontrol/prioritylevelconfiguration"
	"k8s.io/kubernetes/pkg/registry/networking/ingress"
	"k8s.io/kubernetes/pkg/registry/networking/ingressclass"
	"k8s.io/kubernetes/pkg/registry/networking/networkpolicy"
	"k8s.io/kubernetes/pkg/registry/node/runtimeclass"
	"k8s.io/kubernetes/pkg/registry/policy/poddisruptionbudget"
	"k8s.io/kubernetes/pkg/registry/rbac/clusterrole"
	"k8s.io/kubernetes/pkg/registry/rbac/clusterrolebinding"
	"k8s.io/kubernetes/pkg/registry/rbac/role"
	"k8s.io/kubernetes/pkg/registry/rbac/rolebinding"
	"k8s.io/kubernetes/pkg/registry/resource/deviceclass"
	"k8s.io/kubernetes/pkg/registry/scheduling/priorityclass"
	"k8s.io/kubernetes/pkg/registry/storage/csidriver"
	"k8s.io/kubernetes/pkg/registry/storage/storageclass"
	"k8s.io/kubernetes/pkg/registry/storage/volumeattributesclass"
)

// The registry strategy of each built-in kind, by group and kind.
var strategies = map[schema.GroupKind]rest.RESTCreateStrategy{
	{Group: "", Kind: "ConfigMap"}:                                                  configmap.Strategy,
	{Group: "", Kind: "Endpoints"}:                                                  endpoint.Strategy,
	{Group: "", Kind: "LimitRange"}:                                                 limitrange.Strategy,
	{Group: "", Kind: "Namespace"}:                                                  namespace.Strategy,
	{Group: "", Kind: "PersistentVolume"}:                                           persistentvolume.Strategy,
	{Group: "", Kind: "PersistentVolumeClaim"}:                                      persistentvolumeclaim.Strategy,
	{Group: "", Kind: "Pod"}:                                                        pod.Strategy,
	{Group: "", Kind: "PodTemplate"}:                                                podtemplate.Strategy,
	{Group: "", Kind: "ReplicationController"}:                                      replicationcontroller.Strategy,
	{Group: "", Kind: "ResourceQuota"}:                                              resourcequota.Strategy,
	{Group: "", Kind: "Secret"}:                                                     secret.Strategy,
	{Group: "", Kind: "Service"}:                                                    service.Strategy,
	{Group: "", Kind: "ServiceAccount"}:                                             serviceaccount.Strategy,
	{Group: "admissionregistration.k8s.io", Kind: "MutatingWebhookConfiguration"}:   mutatingwebhookconfiguration.Strategy,
	{Group: "admissionregistration.k8s.io", Kind: "ValidatingWebhookConfiguration"}: validatingwebhookconfiguration.Strategy,
	{Group: "apps", Kind: "ControllerRevision"}:                                     controllerrevision.Strategy,
	{Group: "apps", Kind: "DaemonSet"}:                                              daemonset.Strategy,
	{Group: "apps", Kind: "Deployment"}:                                             deployment.Strategy,
	{Group: "apps", Kind: "ReplicaSet"}:                                             replicaset.Strategy,
	{Group: "apps", Kind: "StatefulSet"}:                                            statefulset.Strategy,
	{Group: "autoscaling", Kind: "HorizontalPodAutoscaler"}:                         horizontalpodautoscaler.Strategy,
	{Group: "batch", Kind: "CronJob"}:                                               cronjob.Strategy,
	{Group: "batch", Kind: "Job"}:                                                   job.Strategy,
	{Group: "coordination.k8s.io", Kind: "Lease"}:                                   lease.Strategy,
	{Group: "discovery.k8s.io", Kind: "EndpointSlice"}:                              endpointslice.Strategy,
	{Group: "flowcontrol.apiserver.k8s.io", Kind: "FlowSchema"}:                     flowschema.Strategy,
	{Group: "flowcontrol.apiserver.k8s.io", Kind: "PriorityLevelConfiguration"}:     prioritylevelconfiguration.Strategy,
	{Group: "networking.k8s.io", Kind: "Ingress"}:                                   ingress.Strategy,
	{Group: "networking.k8s.io", Kind: "IngressClass"}:                              ingressclass.Strategy,
	{Group: "networking.k8s.io", Kind: "NetworkPolicy"}:                             networkpolicy.Strategy,
	{Group: "node.k8s.io", Kind: "RuntimeClass"}:                                    runtimeclass.Strategy,
	{Group: "policy", Kind: "PodDisruptionBudget"}:                                  poddisruptionbudget.Strategy,
	{Group: "rbac.authorization.k8s.io", Kind: "ClusterRole"}:                       clusterrole.Strategy,
	{Group: "rbac.authorization.k8s.io", Kind: "ClusterRoleBinding"}:                clusterrolebinding.Strategy,
	{Group: "rbac.authorization.k8s.io", Kind: "Role"}:                              role.Strategy,
	{Group: "rbac.authorization.k8s.io", Kind: "RoleBinding"}:                       rolebinding.Strategy,
	{Group: "resource.k8s.io", Kind: "DeviceClass"}:                                 deviceclass.Strategy,
	{Group: "scheduling.k8s.io", Kind: "PriorityClass"}:                             priorityclass.Strategy,
	{Group: "storage.k8s.io", Kind: "CSIDriver"}:                                    csidriver.Strategy,
	{Group: "storage.k8s.io", Kind: "StorageClass"}:                                 storageclass.Strategy,
	{Group: "storage.k8s.io", Kind: "VolumeAttributesClass"}:                        volumeattributesclass.Strategy,
}

var crdGroupKind = schema.GroupKind{Group: "apiextensions.k8s.io", Kind: "CustomResourceDefinition"}

type request struct {
	CRDs    []json.RawMessage `json:"crds"`
	Schemas []customSchema    `json:"schemas"`
	Objects []json.RawMessage `json:"objects"`
}

type customSchema struct {
	Group      string          `json:"group"`
	Version    string          `json:"version"`
	Kind       string          `json:"kind"`
	Namespaced bool            `json:"namespaced"`
	Schema     json.RawMessage `json:"schema"`
}

type fieldError struct {
	Field   string `json:"field"`
	Type    string `json:"type"`
	Bad     any    `json:"bad,omitempty"`
	Message string `json:"message"`
}

type result struct {
	Known  bool         `json:"known"`
	Errors []fieldError `json:"errors"`
}

// A custom kind's validators, built once from its CRD version or vendored schema.
type customKind struct {
	namespaced bool
	structural *structuralschema.Structural
	validator  apiservervalidation.SchemaValidator
	cel        *cel.Validator
	problem    string // why it cannot be validated
}

var crdScheme = runtime.NewScheme()

func init() {
	apiextensionsinstall.Install(crdScheme)
}

func main() {
	data, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail(err)
	}
	var req request
	if err := json.Unmarshal(data, &req); err != nil {
		fail(fmt.Errorf("bad request: %w", err))
	}
	customs := map[schema.GroupVersionKind]*customKind{}
	for _, raw := range req.CRDs {
		registerCRD(raw, customs)
	}
	for _, s := range req.Schemas {
		gvk := schema.GroupVersionKind{Group: s.Group, Version: s.Version, Kind: s.Kind}
		if _, ok := customs[gvk]; ok {
			continue
		}
		var props apiextensionsv1.JSONSchemaProps
		if err := json.Unmarshal(s.Schema, &props); err != nil {
			customs[gvk] = &customKind{problem: fmt.Sprintf("schema is not a JSONSchemaProps: %v", err)}
			continue
		}
		customs[gvk] = newCustomKind(&props, s.Namespaced)
	}
	out := struct {
		Results []result `json:"results"`
	}{Results: make([]result, 0, len(req.Objects))}
	for _, raw := range req.Objects {
		out.Results = append(out.Results, validate(raw, customs))
	}
	encoder := json.NewEncoder(os.Stdout)
	if err := encoder.Encode(out); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "k8svalidate:", err)
	os.Exit(2)
}

// Every served version of a CRD, as a custom kind.
func registerCRD(raw json.RawMessage, customs map[schema.GroupVersionKind]*customKind) {
	var crd apiextensionsv1.CustomResourceDefinition
	if err := json.Unmarshal(raw, &crd); err != nil {
		return
	}
	crdScheme.Default(&crd)
	namespaced := crd.Spec.Scope != apiextensionsv1.ClusterScoped
	if invalid := validateCRD(raw, crd.GroupVersionKind()); len(invalid.Errors) > 0 {
		// The API server would reject the CRD, so its kinds cannot be validated.
		for _, version := range crd.Spec.Versions {
			gvk := schema.GroupVersionKind{Group: crd.Spec.Group, Version: version.Name, Kind: crd.Spec.Names.Kind}
			customs[gvk] = &customKind{problem: "its CRD is invalid"}
		}
		return
	}
	for i := range crd.Spec.Versions {
		version := &crd.Spec.Versions[i]
		gvk := schema.GroupVersionKind{Group: crd.Spec.Group, Version: version.Name, Kind: crd.Spec.Names.Kind}
		if version.Schema == nil || version.Schema.OpenAPIV3Schema == nil {
			customs[gvk] = &customKind{problem: "its CRD version has no openAPIV3Schema"}
			continue
		}
		customs[gvk] = newCustomKind(version.Schema.OpenAPIV3Schema, namespaced)
	}
}

// The validators of one custom kind, as the apiextensions-apiserver builds them.
func newCustomKind(v1props *apiextensionsv1.JSONSchemaProps, namespaced bool) *customKind {
	internal := &apiextensions.JSONSchemaProps{}
	if err := apiextensionsv1.Convert_v1_JSONSchemaProps_To_apiextensions_JSONSchemaProps(v1props, internal, nil); err != nil {
		return &customKind{problem: fmt.Sprintf("cannot convert its schema: %v", err)}
	}
	structural, err := structuralschema.NewStructural(internal)
	if err != nil {
		return &customKind{problem: fmt.Sprintf("its schema is not structural: %v", err)}
	}
	validator, _, err := apiservervalidation.NewSchemaValidator(internal)
	if err != nil {
		return &customKind{problem: fmt.Sprintf("its schema cannot be compiled: %v", err)}
	}
	return &customKind{
		namespaced: namespaced,
		structural: structural,
		validator:  validator,
		cel:        cel.NewValidator(structural, true, celconfig.PerCallLimit),
	}
}

func validate(raw json.RawMessage, customs map[schema.GroupVersionKind]*customKind) (res result) {
	defer func() {
		if r := recover(); r != nil {
			res = result{Known: true, Errors: []fieldError{{Type: "InternalError", Message: fmt.Sprintf("validation panicked: %v", r)}}}
		}
	}()
	var typeMeta struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
	}
	if err := json.Unmarshal(raw, &typeMeta); err != nil {
		return result{}
	}
	gv, err := schema.ParseGroupVersion(typeMeta.APIVersion)
	if err != nil {
		return result{}
	}
	gvk := gv.WithKind(typeMeta.Kind)
	if gvk.GroupKind() == crdGroupKind {
		return validateCRD(raw, gvk)
	}
	if strategy, ok := strategies[gvk.GroupKind()]; ok && legacyscheme.Scheme.Recognizes(gvk) {
		return validateBuiltIn(raw, gvk, strategy)
	}
	if custom, ok := customs[gvk]; ok {
		return validateCustom(raw, gvk, custom)
	}
	return result{}
}

// A request context for a create in the object's namespace, with the request
// info declarative validation reads.
func requestContext(obj metav1.Object, gvk schema.GroupVersionKind, namespaced bool) context.Context {
	ctx := context.Background()
	if namespaced {
		if obj.GetNamespace() == "" {
			obj.SetNamespace("default")
		}
		ctx = genericapirequest.WithNamespace(ctx, obj.GetNamespace())
	}
	if obj.GetName() == "" && obj.GetGenerateName() != "" {
		obj.SetName(obj.GetGenerateName() + "x7k2q")
	}
	plural, _ := meta.UnsafeGuessKindToResource(gvk)
	ctx = genericapirequest.WithRequestInfo(ctx, &genericapirequest.RequestInfo{
		IsResourceRequest: true,
		Verb:              "create",
		APIPrefix:         "apis",
		APIGroup:          gvk.Group,
		APIVersion:        gvk.Version,
		Namespace:         obj.GetNamespace(),
		Resource:          plural.Resource,
		Name:              obj.GetName(),
	})
	rest.FillObjectMetaSystemFields(obj)
	return ctx
}

// Decode, default, convert to the internal type, then the strategy's create validation.
func validateBuiltIn(raw json.RawMessage, gvk schema.GroupVersionKind, strategy rest.RESTCreateStrategy) result {
	versioned, err := legacyscheme.Scheme.New(gvk)
	if err != nil {
		return result{}
	}
	decoder := serializer.NewCodecFactory(legacyscheme.Scheme).UniversalDeserializer()
	if _, _, err := decoder.Decode(raw, &gvk, versioned); err != nil {
		return result{Known: true, Errors: []fieldError{{Type: "Decode", Message: err.Error()}}}
	}
	legacyscheme.Scheme.Default(versioned)
	internal, err := legacyscheme.Scheme.ConvertToVersion(versioned, schema.GroupVersion{Group: gvk.Group, Version: runtime.APIVersionInternal})
	if err != nil {
		return result{Known: true, Errors: []fieldError{{Type: "Decode", Message: err.Error()}}}
	}
	accessor, err := meta.Accessor(internal)
	if err != nil {
		return result{}
	}
	ctx := requestContext(accessor, gvk, strategy.NamespaceScoped())
	if svc, ok := internal.(*api.Service); ok && len(svc.Spec.ClusterIP) > 0 && len(svc.Spec.ClusterIPs) == 0 {
		// The Service REST storage copies clusterIP into clusterIPs before validating.
		svc.Spec.ClusterIPs = []string{svc.Spec.ClusterIP}
	}
	if svc, ok := internal.(*api.Service); ok && svc.Spec.Type == api.ServiceTypeLoadBalancer &&
		svc.Spec.ExternalTrafficPolicy == api.ServiceExternalTrafficPolicyLocal && svc.Spec.HealthCheckNodePort == 0 {
		// The REST storage allocates a health check node port before validating.
		svc.Spec.HealthCheckNodePort = 30000
	}
	strategy.PrepareForCreate(ctx, internal)
	return result{Known: true, Errors: convert(rest.ValidateCreate(ctx, internal, strategy))}
}

// A CRD through the CRD strategy, as the apiextensions-apiserver creates it.
func validateCRD(raw json.RawMessage, gvk schema.GroupVersionKind) result {
	versioned, err := crdScheme.New(gvk)
	if err != nil {
		return result{}
	}
	if err := json.Unmarshal(raw, versioned); err != nil {
		return result{Known: true, Errors: []fieldError{{Type: "Decode", Message: err.Error()}}}
	}
	crdScheme.Default(versioned)
	internal := &apiextensions.CustomResourceDefinition{}
	if err := crdScheme.Convert(versioned, internal, nil); err != nil {
		return result{Known: true, Errors: []fieldError{{Type: "Decode", Message: err.Error()}}}
	}
	strategy := crdregistry.NewStrategy(crdScheme)
	ctx := requestContext(internal, gvk, false)
	strategy.PrepareForCreate(ctx, internal)
	return result{Known: true, Errors: convert(rest.ValidateCreate(ctx, internal, strategy))}
}

// A custom resource as the customresource strategy validates a create.
func validateCustom(raw json.RawMessage, gvk schema.GroupVersionKind, custom *customKind) result {
	if custom.problem != "" {
		return result{}
	}
	u := &unstructured.Unstructured{}
	if err := u.UnmarshalJSON(raw); err != nil {
		return result{Known: true, Errors: []fieldError{{Type: "Decode", Message: err.Error()}}}
	}
	ctx := requestContext(u, gvk, custom.namespaced)
	structuraldefaulting.Default(u.Object, custom.structural)
	var errs field.ErrorList
	errs = append(errs, apimachineryvalidation.ValidateObjectMetaAccessor(u, custom.namespaced, apimachineryvalidation.NameIsDNSSubdomain, field.NewPath("metadata"))...)
	errs = append(errs, apiservervalidation.ValidateCustomResource(nil, u.UnstructuredContent(), custom.validator)...)
	errs = append(errs, schemaobjectmeta.Validate(ctx, nil, u.Object, custom.structural, false)...)
	errs = append(errs, structurallisttype.ValidateListSetsAndMaps(nil, custom.structural, u.Object)...)
	if !hasBlocking(errs) {
		celErrs, _ := custom.cel.Validate(ctx, nil, custom.structural, u.Object, nil, celconfig.RuntimeCELCostBudget)
		errs = append(errs, celErrs...)
	}
	return result{Known: true, Errors: convert(errs)}
}

// Type errors block CEL evaluation, as in the customresource strategy.
func hasBlocking(errs field.ErrorList) bool {
	for _, err := range errs {
		if err.Type == field.ErrorTypeTypeInvalid || err.Type == field.ErrorTypeNotSupported && strings.Contains(err.Detail, "type") {
			return true
		}
	}
	return false
}

func convert(errs field.ErrorList) []fieldError {
	out := make([]fieldError, 0, len(errs))
	for _, err := range errs {
		entry := fieldError{Field: err.Field, Type: string(err.Type), Message: err.Error()}
		if v := reflect.ValueOf(err.BadValue); v.IsValid() && v.Kind() == reflect.String {
			entry.Bad = v.String() // also named string types (an access mode, a protocol)
		}
		out = append(out, entry)
	}
	return out
}
