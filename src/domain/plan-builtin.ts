import type { Tag } from '../bank/tags.js';

/**
 * The built-in study plans, as data: one week per block of concepts. "notes" follows the group's
 * study notes (../shared/notes) in their order: why cloud native and Go's concurrency, Go's runtime,
 * container isolation, images and networking, the declarative API and Kubernetes' control plane,
 * its data plane and controllers, microservices and Istio's traffic management, then mesh security
 * and observability. Every concept of the notes is in exactly one week (checked by test/unit/plan.test.ts).
 */
export const BUILTIN_PLANS = {
  notes: [
    ['cloud-native-goals', 'goroutine', 'channel', 'context', 'sync-mutex', 'sync-rwmutex', 'sync-waitgroup', 'sync-once', 'sync-cond', 'csp-vs-actor'],
    ['gmp-scheduler', 'tcmalloc', 'mcache', 'mcentral', 'mheap', 'size-class', 'span-scan-noscan', 'gc-phases', 'tricolor-marking', 'go-vs-java-gc'],
    ['vm-vs-container', 'lxc-vs-docker', 'namespaces', 'ns-uts', 'ns-pid', 'ns-mount', 'ns-user', 'ns-ipc', 'ns-network', 'cgroups', 'cgroup-cpu', 'cgroup-memory', 'cgroup-other'],
    ['union-fs', 'image-layers', 'net-none', 'net-host', 'net-container', 'net-bridge', 'underlay-vs-overlay', 'vxlan', 'ipip', 'gre', 'dockerfile-base-image', 'dockerfile-multi-stage', 'dockerfile-build-cache'],
    ['immutable-infrastructure', 'declarative-api', 'declarative-config', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd'],
    ['kubelet', 'kube-proxy', 'coredns', 'reconcile-loop', 'watch-informer', 'operator'],
    ['microservices', 'service-mesh', 'fault-isolation', 'istio-gateway', 'virtualservice', 'destinationrule', 'traffic-shifting', 'fault-injection', 'timeouts-retries', 'circuit-breaking', 'load-balancing'],
    ['peerauthentication', 'requestauthentication', 'authorizationpolicy', 'kiali', 'tracing-telemetry', 'observability'],
  ],
} as const satisfies Record<string, readonly (readonly Tag[])[]>;

export type BuiltinPlan = keyof typeof BUILTIN_PLANS;
export const BUILTIN_PLAN_NAMES = Object.keys(BUILTIN_PLANS) as [BuiltinPlan, ...BuiltinPlan[]];
