// The load generator of `npm run bench -- load`: many bridge points in one process, each publishing a
// simulcast camera (three VP8 layers, pre-encoded, so that publishing costs no encoding) and a microphone,
// and each subscribing to exactly what the benchmark tells it to (the product's media plan) or, joined with
// autoSubscribeQuality in the configuration, to everyone as the room did before the plan.
// The benchmark starts several of these so that the generator is not the limit.
//
// Protocol, one JSON object per line. Standard input: first the configuration, then commands:
//
//	{"cmd":"want","name":"b1","video":{"identity":"low"},"audio":["identity"]}
//	{"cmd":"stats"}                       answers {"event":"stats",...}
//	{"cmd":"quit"}
//
// Standard output: {"event":"joined","name":..}, {"event":"ready"}, {"event":"stats",..}, {"event":"error",..}.
package main

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/livekit/protocol/livekit"
	protoLogger "github.com/livekit/protocol/logger"
	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/pion/webrtc/v4"
	"github.com/pion/webrtc/v4/pkg/media"
)

type layerFile struct {
	Quality string `json:"quality"` // low, medium, high
	Width   uint32 `json:"width"`
	Height  uint32 `json:"height"`
	Path    string `json:"path"`
}

type bridgeConfig struct {
	Name  string `json:"name"`
	Token string `json:"token"`
}

type config struct {
	URL     string         `json:"url"`
	FPS     int            `json:"fps"`
	Layers  []layerFile    `json:"layers"`
	Bridges []bridgeConfig `json:"bridges"`
	// Everyone to everyone as the room did before the media plan: LiveKit subscribes each participant to
	// every track as it is published, and each subscription asks for this layer.
	AutoSubscribeQuality string `json:"autoSubscribeQuality"`
}

type command struct {
	Cmd     string            `json:"cmd"`
	Name    string            `json:"name"`
	Video   map[string]string `json:"video"`
	Audio   []string          `json:"audio"`
	Quality string            `json:"quality"`
}

var out = json.NewEncoder(os.Stdout)
var outLock sync.Mutex

func emit(v any) {
	outLock.Lock()
	defer outLock.Unlock()
	_ = out.Encode(v)
}

// ivfFrames reads every frame of an IVF file (32-byte header, then a 12-byte header per frame).
func ivfFrames(path string) ([][]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(data) < 32 || string(data[:4]) != "DKIF" {
		return nil, fmt.Errorf("%s is not an IVF file", path)
	}
	var frames [][]byte
	for at := int(binary.LittleEndian.Uint16(data[6:8])); at+12 <= len(data); {
		size := int(binary.LittleEndian.Uint32(data[at : at+4]))
		at += 12
		if at+size > len(data) {
			break
		}
		frames = append(frames, data[at:at+size])
		at += size
	}
	if len(frames) == 0 {
		return nil, fmt.Errorf("%s holds no frames", path)
	}
	return frames, nil
}

// loop replays pre-encoded frames forever, each start at a different frame so bridges do not beat in step.
type loop struct {
	lksdk.BaseSampleProvider
	frames   [][]byte
	at       int
	duration time.Duration
}

func (l *loop) NextSample(context.Context) (media.Sample, error) {
	frame := l.frames[l.at%len(l.frames)]
	l.at++
	return media.Sample{Data: frame, Duration: l.duration}, nil
}

// silence sends an Opus frame of silence every 20 ms: an SFU forwards it like speech.
type silence struct{ lksdk.BaseSampleProvider }

func (*silence) NextSample(context.Context) (media.Sample, error) {
	return media.Sample{Data: []byte{0xf8, 0xff, 0xfe}, Duration: 20 * time.Millisecond}, nil
}

type bridge struct {
	name    string
	room    *lksdk.Room
	lock    sync.Mutex
	video   map[string]livekit.VideoQuality
	audio   map[string]bool
	all     *livekit.VideoQuality
	desired map[string]bool
	// The layer asked for, plus one (zero: none asked yet).
	layer    map[string]livekit.VideoQuality
	auto     bool
	videoIn  atomic.Int64
	audioIn  atomic.Int64
	bytesIn  atomic.Int64
	received atomic.Int64
}

func quality(name string) livekit.VideoQuality {
	switch name {
	case "low":
		return livekit.VideoQuality_LOW
	case "medium":
		return livekit.VideoQuality_MEDIUM
	default:
		return livekit.VideoQuality_HIGH
	}
}

// apply subscribes to what is wanted and unsubscribes from the rest, asking the SFU only for changes.
func (b *bridge) apply() {
	b.lock.Lock()
	defer b.lock.Unlock()
	if b.room == nil {
		return
	}
	for _, rp := range b.room.GetRemoteParticipants() {
		for _, pub := range rp.TrackPublications() {
			remote, ok := pub.(*lksdk.RemoteTrackPublication)
			if !ok {
				continue
			}
			on := false
			var layer livekit.VideoQuality
			if remote.Kind() == lksdk.TrackKindVideo {
				if b.all != nil {
					on, layer = true, *b.all
				} else {
					layer, on = b.video[rp.Identity()]
				}
			} else {
				on = b.all != nil || b.audio[rp.Identity()]
			}
			// Each request is a signalling message: send only changes (every publication is walked again
			// whenever one appears, which with 126 sites would otherwise be millions of messages).
			if b.desired[remote.SID()] != on && !b.auto {
				_ = remote.SetSubscribed(on)
			}
			b.desired[remote.SID()] = on
			if on && remote.Kind() == lksdk.TrackKindVideo && b.layer[remote.SID()] != layer+1 {
				b.layer[remote.SID()] = layer + 1
				_ = remote.SetVideoQuality(layer)
			} else if !on {
				delete(b.layer, remote.SID())
			}
		}
	}
}

func (b *bridge) join(cfg *config, bc bridgeConfig, layers [][][]byte) error {
	callback := &lksdk.RoomCallback{
		ParticipantCallback: lksdk.ParticipantCallback{
			OnTrackPublished: func(*lksdk.RemoteTrackPublication, *lksdk.RemoteParticipant) { go b.apply() },
			OnTrackSubscribed: func(track *webrtc.TrackRemote, _ *lksdk.RemoteTrackPublication, _ *lksdk.RemoteParticipant) {
				counter := &b.audioIn
				if track.Kind() == webrtc.RTPCodecTypeVideo {
					counter = &b.videoIn
				}
				counter.Add(1)
				go func() {
					defer counter.Add(-1)
					buf := make([]byte, 1500)
					for {
						n, _, err := track.Read(buf)
						if err != nil {
							return
						}
						b.bytesIn.Add(int64(n))
						b.received.Add(1)
					}
				}()
			},
		},
		OnParticipantConnected: func(*lksdk.RemoteParticipant) { go b.apply() },
	}
	room := lksdk.NewRoom(callback)
	if cfg.AutoSubscribeQuality != "" {
		q := quality(cfg.AutoSubscribeQuality)
		b.all = &q
		b.auto = true
	}
	if err := room.JoinWithToken(cfg.URL, bc.Token, lksdk.WithAutoSubscribe(cfg.AutoSubscribeQuality != "")); err != nil {
		return err
	}
	b.lock.Lock()
	b.room = room
	b.lock.Unlock()

	var tracks []*lksdk.LocalTrack
	var largest layerFile
	for i, lf := range cfg.Layers {
		track, err := lksdk.NewLocalTrack(
			webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeVP8, ClockRate: 90000},
			lksdk.WithSimulcast("camera-"+bc.Name, &livekit.VideoLayer{Quality: quality(lf.Quality), Width: lf.Width, Height: lf.Height}),
		)
		if err != nil {
			return err
		}
		start := len(b.name) * 7 % len(layers[i])
		if err := track.StartWrite(&loop{frames: layers[i], at: start, duration: time.Second / time.Duration(cfg.FPS)}, nil); err != nil {
			return err
		}
		tracks = append(tracks, track)
		if lf.Width > largest.Width {
			largest = lf
		}
	}
	if _, err := room.LocalParticipant.PublishSimulcastTrack(tracks, &lksdk.TrackPublicationOptions{
		Name: "camera", Source: livekit.TrackSource_CAMERA, VideoWidth: int(largest.Width), VideoHeight: int(largest.Height),
	}); err != nil {
		return fmt.Errorf("publishing the camera: %w", err)
	}
	mic, err := lksdk.NewLocalTrack(webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeOpus, ClockRate: 48000, Channels: 2})
	if err != nil {
		return err
	}
	if err := mic.StartWrite(&silence{}, nil); err != nil {
		return err
	}
	// The floor may not let a bridge publish its microphone: the camera alone still counts.
	if _, err := room.LocalParticipant.PublishTrack(mic, &lksdk.TrackPublicationOptions{Name: "microphone", Source: livekit.TrackSource_MICROPHONE}); err != nil {
		emit(map[string]any{"event": "error", "name": bc.Name, "message": "microphone: " + err.Error()})
	}
	b.apply()
	return nil
}

func main() {
	// The SDK logs every negotiation; the benchmark reads only the events below.
	lksdk.SetLogger(protoLogger.GetDiscardLogger())
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 64<<20)
	if !in.Scan() {
		fmt.Fprintln(os.Stderr, "no configuration on standard input")
		os.Exit(2)
	}
	var cfg config
	if err := json.Unmarshal(in.Bytes(), &cfg); err != nil {
		fmt.Fprintln(os.Stderr, "configuration:", err)
		os.Exit(2)
	}
	var layers [][][]byte
	for _, lf := range cfg.Layers {
		frames, err := ivfFrames(lf.Path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		layers = append(layers, frames)
	}

	bridges := map[string]*bridge{}
	var order []*bridge
	for _, bc := range cfg.Bridges {
		b := &bridge{name: bc.Name, video: map[string]livekit.VideoQuality{}, audio: map[string]bool{}, desired: map[string]bool{}, layer: map[string]livekit.VideoQuality{}}
		bridges[bc.Name] = b
		order = append(order, b)
	}
	// Joined one after another, as sites arrive; a failed join is reported and the others go on.
	go func() {
		for i, bc := range cfg.Bridges {
			if err := order[i].join(&cfg, bc, layers); err != nil {
				emit(map[string]any{"event": "error", "name": bc.Name, "message": err.Error()})
				continue
			}
			emit(map[string]any{"event": "joined", "name": bc.Name, "identity": order[i].room.LocalParticipant.Identity()})
		}
		emit(map[string]any{"event": "ready"})
	}()

	for in.Scan() {
		var c command
		if err := json.Unmarshal(in.Bytes(), &c); err != nil {
			emit(map[string]any{"event": "error", "message": "command: " + err.Error()})
			continue
		}
		switch c.Cmd {
		case "want":
			b := bridges[c.Name]
			if b == nil {
				emit(map[string]any{"event": "error", "message": "no bridge " + c.Name})
				continue
			}
			b.lock.Lock()
			b.all = nil
			b.video = map[string]livekit.VideoQuality{}
			for identity, q := range c.Video {
				b.video[identity] = quality(q)
			}
			b.audio = map[string]bool{}
			for _, identity := range c.Audio {
				b.audio[identity] = true
			}
			b.lock.Unlock()
			go b.apply()
		case "stats":
			per := map[string]any{}
			for _, b := range order {
				per[b.name] = map[string]int64{"video": b.videoIn.Load(), "audio": b.audioIn.Load(), "bytes": b.bytesIn.Load(), "packets": b.received.Load()}
			}
			emit(map[string]any{"event": "stats", "bridges": per})
		case "quit":
			for _, b := range order {
				b.lock.Lock()
				room := b.room
				b.lock.Unlock()
				if room != nil {
					room.Disconnect()
				}
			}
			return
		}
	}
	if err := in.Err(); err != nil && !errors.Is(err, io.EOF) {
		fmt.Fprintln(os.Stderr, err)
	}
}
