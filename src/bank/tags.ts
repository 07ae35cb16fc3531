/**
 * The tag vocabulary of the question bank. A tag names one concept; `notes: true` marks the
 * concepts of the study group's own notes (../shared/notes), each of which must be asked about at
 * least once (checked by `npm run bank:check` and listed in src/bank/README.md).
 */
export const TOPICS = ['go', 'containers', 'kubernetes', 'istio', 'cloud-native'] as const;
export type Topic = (typeof TOPICS)[number];

export interface TagInfo {
  topic: Topic;
  /** true when the concept appears in the group's study notes */
  notes: boolean;
  en: string;
  zh: string;
}

const t = (topic: Topic, notes: boolean, en: string, zh: string): TagInfo => ({ topic, notes, en, zh });

export const TAGS = {
  // Go
  goroutine: t('go', true, 'Goroutines', 'goroutine'),
  channel: t('go', true, 'Channels', 'channel'),
  select: t('go', false, 'select statement', 'select 语句'),
  context: t('go', true, 'context package', 'context 包'),
  'sync-mutex': t('go', true, 'sync.Mutex', 'sync.Mutex'),
  'sync-rwmutex': t('go', true, 'sync.RWMutex', 'sync.RWMutex'),
  'sync-waitgroup': t('go', true, 'sync.WaitGroup', 'sync.WaitGroup'),
  'sync-once': t('go', true, 'sync.Once', 'sync.Once'),
  'sync-cond': t('go', true, 'sync.Cond', 'sync.Cond'),
  'sync-atomic': t('go', false, 'sync/atomic', 'sync/atomic 原子操作'),
  'memory-model': t('go', false, 'Go memory model, data races', 'Go 内存模型与数据竞争'),
  'csp-vs-actor': t('go', true, 'CSP versus the actor model', 'CSP 模型与 Actor 模型'),
  'gmp-scheduler': t('go', true, 'GMP scheduler', 'GMP 调度模型'),
  'scheduler-preemption': t('go', false, 'Scheduler preemption and work stealing', '调度抢占与工作窃取'),
  mcache: t('go', true, 'mcache', 'mcache'),
  mcentral: t('go', true, 'mcentral', 'mcentral'),
  mheap: t('go', true, 'mheap', 'mheap'),
  'size-class': t('go', true, 'Size classes', 'size class（大小规格）'),
  'span-scan-noscan': t('go', true, 'Spans, scan and noscan', 'span 与 scan/noscan'),
  tcmalloc: t('go', true, 'TCMalloc lineage', 'TCMalloc 渊源'),
  'escape-analysis': t('go', false, 'Escape analysis, stack versus heap', '逃逸分析：栈与堆'),
  'gc-phases': t('go', true, 'GC phases (sweep termination, mark, mark termination, sweep)', 'GC 阶段（清扫终止、标记、标记终止、清扫）'),
  'tricolor-marking': t('go', true, 'Tri-colour marking', '三色标记'),
  'write-barrier': t('go', false, 'Write barrier', '写屏障'),
  'gc-tuning': t('go', false, 'GC tuning: GOGC and GOMEMLIMIT', 'GC 调优：GOGC 与 GOMEMLIMIT'),
  'go-vs-java-gc': t('go', true, "Go's GC versus Java's collectors", 'Go 与 Java 垃圾回收的区别'),
  'defer-panic-recover': t('go', false, 'defer, panic and recover', 'defer、panic 与 recover'),

  // Containers
  'vm-vs-container': t('containers', true, 'Virtual machines versus containers', '虚拟机与容器'),
  'lxc-vs-docker': t('containers', true, 'LXC versus Docker', 'LXC 与 Docker'),
  'ns-uts': t('containers', true, 'UTS namespace', 'UTS namespace'),
  'ns-pid': t('containers', true, 'PID namespace', 'PID namespace'),
  'ns-mount': t('containers', true, 'Mount namespace', 'Mount namespace'),
  'ns-user': t('containers', true, 'User namespace', 'User namespace'),
  'ns-ipc': t('containers', true, 'IPC namespace', 'IPC namespace'),
  'ns-network': t('containers', true, 'Network namespace', 'Network namespace'),
  'ns-cgroup': t('containers', false, 'Cgroup namespace', 'Cgroup namespace'),
  'ns-time': t('containers', false, 'Time namespace', 'Time namespace'),
  namespaces: t('containers', true, 'Namespaces in general', 'Namespace 总体'),
  cgroups: t('containers', true, 'cgroups in general, v1 and v2', 'cgroups 总体、v1 与 v2'),
  'cgroup-cpu': t('containers', true, 'cgroup cpu controller', 'cgroup cpu 子系统'),
  'cgroup-memory': t('containers', true, 'cgroup memory controller', 'cgroup memory 子系统'),
  'cgroup-other': t('containers', true, 'Other cgroup controllers (pids, io, cpuset, freezer)', '其他 cgroup 子系统（pids、io、cpuset、freezer）'),
  'union-fs': t('containers', true, 'Union file systems, OverlayFS', '联合文件系统、OverlayFS'),
  'image-layers': t('containers', true, 'Image layers and copy-on-write', '镜像分层与写时复制'),
  'oci-runtime': t('containers', false, 'OCI images and runtimes (runc, containerd)', 'OCI 镜像与运行时（runc、containerd）'),
  'net-none': t('containers', true, 'none network mode', 'none 网络模式'),
  'net-host': t('containers', true, 'host network mode', 'host 网络模式'),
  'net-container': t('containers', true, 'container network mode', 'container 网络模式'),
  'net-bridge': t('containers', true, 'bridge network mode', 'bridge 网络模式'),
  'underlay-vs-overlay': t('containers', true, 'Underlay versus overlay networks', 'Underlay 与 Overlay 网络'),
  vxlan: t('containers', true, 'VXLAN', 'VXLAN'),
  ipip: t('containers', true, 'IPIP', 'IPIP'),
  gre: t('containers', true, 'GRE', 'GRE'),
  'dockerfile-base-image': t('containers', true, 'Dockerfile: small base images', 'Dockerfile：较小的基础镜像'),
  'dockerfile-multi-stage': t('containers', true, 'Dockerfile: multi-stage builds', 'Dockerfile：多阶段构建'),
  'dockerfile-build-cache': t('containers', true, 'Dockerfile: build cache', 'Dockerfile：构建缓存'),
  'dockerfile-practice': t('containers', false, 'Dockerfile: other practice (USER, .dockerignore, ENTRYPOINT)', 'Dockerfile：其他实践（USER、.dockerignore、ENTRYPOINT）'),
  volumes: t('containers', false, 'Volumes, bind mounts and tmpfs mounts', 'volume、bind mount 与 tmpfs 挂载'),
  'container-security': t('containers', false, 'Capabilities, seccomp and privileged containers', 'capabilities、seccomp 与特权容器'),
  compose: t('containers', false, 'Docker Compose', 'Docker Compose'),

  // Kubernetes
  'kube-apiserver': t('kubernetes', true, 'kube-apiserver', 'kube-apiserver'),
  'kube-controller-manager': t('kubernetes', true, 'kube-controller-manager', 'kube-controller-manager'),
  'kube-scheduler': t('kubernetes', true, 'kube-scheduler', 'kube-scheduler'),
  etcd: t('kubernetes', true, 'etcd', 'etcd'),
  kubelet: t('kubernetes', true, 'kubelet', 'kubelet'),
  'kube-proxy': t('kubernetes', true, 'kube-proxy', 'kube-proxy'),
  coredns: t('kubernetes', true, 'CoreDNS and cluster DNS', 'CoreDNS 与集群 DNS'),
  'declarative-api': t('kubernetes', true, 'Declarative API', '声明式 API'),
  'reconcile-loop': t('kubernetes', true, 'Reconcile (control) loop', '调谐循环（控制循环）'),
  'watch-informer': t('kubernetes', true, 'Watch and informers', 'watch 与 informer'),
  operator: t('kubernetes', true, 'Operators and custom resources', 'Operator 与自定义资源'),
  pod: t('kubernetes', false, 'Pods', 'Pod'),
  workloads: t('kubernetes', false, 'Workloads (Deployment, StatefulSet, DaemonSet, Job)', '工作负载（Deployment、StatefulSet、DaemonSet、Job）'),
  service: t('kubernetes', false, 'Services and networking', 'Service 与网络'),
  probes: t('kubernetes', false, 'Liveness, readiness and startup probes', '存活、就绪与启动探针'),
  'resources-qos': t('kubernetes', false, 'Requests, limits and QoS classes', 'requests、limits 与 QoS 类'),
  rbac: t('kubernetes', false, 'RBAC', 'RBAC'),
  admission: t('kubernetes', false, 'Admission control', '准入控制'),
  autoscaling: t('kubernetes', false, 'Autoscaling (HPA)', '自动扩缩容（HPA）'),
  storage: t('kubernetes', false, 'Volumes and storage (PV, PVC, StorageClass)', '卷与存储（PV、PVC、StorageClass）'),
  'network-policy': t('kubernetes', false, 'NetworkPolicy', 'NetworkPolicy 网络策略'),
  security: t('kubernetes', false, 'Pod security: securityContext, Pod Security Standards, Secrets, ServiceAccounts', 'Pod 安全：securityContext、Pod 安全标准、Secret、ServiceAccount'),

  // Istio
  'istio-architecture': t('istio', false, 'Istio architecture: istiod, Envoy sidecars, ambient', 'Istio 架构：istiod、Envoy sidecar、ambient'),
  'istio-gateway': t('istio', true, 'Gateway', 'Gateway'),
  virtualservice: t('istio', true, 'VirtualService', 'VirtualService'),
  destinationrule: t('istio', true, 'DestinationRule', 'DestinationRule'),
  serviceentry: t('istio', false, 'ServiceEntry and Sidecar resources', 'ServiceEntry 与 Sidecar 资源'),
  peerauthentication: t('istio', true, 'PeerAuthentication and mTLS', 'PeerAuthentication 与 mTLS'),
  requestauthentication: t('istio', true, 'RequestAuthentication and JWT', 'RequestAuthentication 与 JWT'),
  authorizationpolicy: t('istio', true, 'AuthorizationPolicy', 'AuthorizationPolicy'),
  kiali: t('istio', true, 'Kiali and mesh observability', 'Kiali 与网格可观测性'),
  'tracing-telemetry': t('istio', true, 'Distributed tracing and telemetry', '链路追踪与遥测'),
  'traffic-shifting': t('istio', true, 'Traffic shifting and canary releases', '流量切分与灰度发布'),
  'fault-injection': t('istio', true, 'Fault injection', '故障注入'),
  'timeouts-retries': t('istio', true, 'Timeouts and retries', '超时与重试'),
  'circuit-breaking': t('istio', true, 'Circuit breaking and outlier detection', '熔断与异常检测'),
  'load-balancing': t('istio', true, 'Load balancing policies', '负载均衡策略'),

  // Cloud-native architecture
  'cloud-native-goals': t('cloud-native', true, 'Why cloud native: fast iteration, availability, elasticity', '云原生的诉求：快速迭代、高可用、弹性'),
  microservices: t('cloud-native', true, 'Microservices', '微服务'),
  'immutable-infrastructure': t('cloud-native', true, 'Immutable infrastructure', '不可变基础设施'),
  'service-mesh': t('cloud-native', true, 'Service mesh', '服务网格'),
  'fault-isolation': t('cloud-native', true, 'Fault isolation, avoiding cascading failure', '故障隔离、避免雪崩'),
  'declarative-config': t('cloud-native', true, 'Declarative configuration and GitOps', '声明式配置与 GitOps'),
  observability: t('cloud-native', true, 'Observability: metrics, logs, traces', '可观测性：指标、日志、链路'),
  'twelve-factor': t('cloud-native', false, 'The twelve-factor app', '十二要素应用'),
  'cncf-landscape': t('cloud-native', false, 'CNCF projects and maturity levels', 'CNCF 项目与成熟度等级'),
} as const satisfies Record<string, TagInfo>;

export type Tag = keyof typeof TAGS;
export const TAG_NAMES = Object.keys(TAGS) as [Tag, ...Tag[]];
