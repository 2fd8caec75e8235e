# Sourced by test.sh and bench.sh inside `unshare --net`: loopback for signalling and HTTP, and a veth pair
# whose address LiveKit announces for media (libwebrtc ignores loopback candidates). Nothing routes out.
ip link set lo up
ip link add tdh0 type veth peer name tdh1
ip addr add 10.77.0.1/24 dev tdh0
ip link set tdh0 up
ip link set tdh1 up
export LIVEKIT_NODE_IP=10.77.0.1
# The local ports of outgoing connections start above every port a test or benchmark server listens on
# (PostgreSQL on 55000-57999, the rest below 20000), so a server started later never finds its port taken by
# a client's connection (this namespace's own setting; the machine's is untouched).
echo "58000 65535" > /proc/sys/net/ipv4/ip_local_port_range
