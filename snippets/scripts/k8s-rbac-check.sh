#!/usr/bin/env bash
# Check what an identity may do before and after changing RBAC.
# Usage: k8s-rbac-check.sh <namespace> <serviceaccount>
set -euo pipefail

ns=${1:?namespace}
sa=${2:?serviceaccount name}
as="system:serviceaccount:$ns:$sa"

# --8<-- [start:can-i]
# 在 API server 眼中我是谁（用户、组）？
kubectl auth whoami
# 一个问题，由真实的鉴权链回答 yes/no。
kubectl auth can-i get pods/log -n "$ns" --as "$as"
kubectl auth can-i list secrets -n "$ns" --as "$as"
# 该身份在命名空间内能做的所有事（仅限 RBAC 规则）。
kubectl auth can-i --list -n "$ns" --as "$as"
# --8<-- [end:can-i]

# --8<-- [start:token]
# 通过 TokenRequest API 签发、绑定到某个 audience 的短期令牌
# （不会存入任何 Secret）。
kubectl -n "$ns" create token "$sa" --audience=https://vault.example.com --duration=10m
# --8<-- [end:token]

# --8<-- [start:who-can]
# 反方向：哪些绑定授予了某个角色？（$ns 中的 RoleBinding 和
# ClusterRoleBinding，按 binding -> role -> subjects 输出。）
kubectl get rolebindings -n "$ns" \
  -o custom-columns='BINDING:.metadata.name,ROLE:.roleRef.name,SUBJECTS:.subjects[*].name'
kubectl get clusterrolebindings \
  -o custom-columns='BINDING:.metadata.name,ROLE:.roleRef.name,SUBJECTS:.subjects[*].name'
# --8<-- [end:who-can]
