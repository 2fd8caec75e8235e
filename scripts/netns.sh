# Sourced by test.sh and bench.sh inside `unshare --net`: loopback for signalling and HTTP, and a veth pair
# whose address LiveKit announces for media (libwebrtc ignores loopback candidates). Nothing routes out.
ip link set lo up
ip link add tdh0 type veth peer name tdh1
ip addr add 10.77.0.1/24 dev tdh0
ip link set tdh0 up
ip link set tdh1 up
export LIVEKIT_NODE_IP=10.77.0.1
