#!/usr/bin/env bash
# Check what an identity may do before and after changing RBAC.
# Usage: k8s-rbac-check.sh <namespace> <serviceaccount>
set -euo pipefail

ns=${1:?namespace}
sa=${2:?serviceaccount name}
as="system:serviceaccount:$ns:$sa"

# --8<-- [start:can-i]
# Who am I, as the API server sees it (user, groups)?
kubectl auth whoami
# One question, answered yes/no by the real authorizer chain.
kubectl auth can-i get pods/log -n "$ns" --as "$as"
kubectl auth can-i list secrets -n "$ns" --as "$as"
# Everything the identity may do in the namespace (RBAC rules only).
kubectl auth can-i --list -n "$ns" --as "$as"
# --8<-- [end:can-i]

# --8<-- [start:token]
# A short-lived token bound to an audience, issued through the TokenRequest API
# (nothing is stored in a Secret).
kubectl -n "$ns" create token "$sa" --audience=https://vault.example.com --duration=10m
# --8<-- [end:token]

# --8<-- [start:who-can]
# The other direction: which bindings grant a role? (RoleBindings in $ns
# and ClusterRoleBindings, printed as binding -> role -> subjects.)
kubectl get rolebindings -n "$ns" \
  -o custom-columns='BINDING:.metadata.name,ROLE:.roleRef.name,SUBJECTS:.subjects[*].name'
kubectl get clusterrolebindings \
  -o custom-columns='BINDING:.metadata.name,ROLE:.roleRef.name,SUBJECTS:.subjects[*].name'
# --8<-- [end:who-can]
