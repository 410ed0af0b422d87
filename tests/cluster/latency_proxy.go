package main

import (
	"fmt"
	"io"
	"net"
	"os"
	"time"
)

// startLatencyProxy listens on a free loopback port and forwards every connection to upstream,
// holding back each chunk the client sends by latency before passing it on: every request then
// takes at least latency longer, as with a remote cluster, and a new connection pays it once more
// per handshake round trip (TCP is local, but TLS's client flights are delayed too). Delayed chunks
// are queued, not slept on one by one, so the latency does not also throttle the bandwidth. Replies
// pass through at once. It returns the https URL of the proxy.
func startLatencyProxy(upstream string, latency time.Duration) (string, error) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	go func() {
		for {
			client, err := listener.Accept()
			if err != nil {
				fmt.Fprintf(os.Stderr, "localcluster: latency proxy stopped: %v\n", err)
				return
			}
			go proxyWithLatency(client, upstream, latency)
		}
	}()
	return "https://" + listener.Addr().String(), nil
}

func proxyWithLatency(client net.Conn, upstream string, latency time.Duration) {
	defer client.Close()
	server, err := net.Dial("tcp", upstream)
	if err != nil {
		return
	}
	defer server.Close()
	done := make(chan struct{}, 2)
	go func() {
		_, _ = io.Copy(client, server)
		closeWrite(client)
		done <- struct{}{}
	}()
	go func() {
		copyWithDelay(server, client, latency)
		closeWrite(server)
		done <- struct{}{}
	}()
	<-done
	<-done
}

// delayedChunk is bytes read from the client and the moment they may be passed on.
type delayedChunk struct {
	data    []byte
	release time.Time
}

// copyWithDelay copies src to dst, each chunk latency after it was read.
func copyWithDelay(dst io.Writer, src io.Reader, latency time.Duration) {
	chunks := make(chan delayedChunk, 1024)
	go func() {
		defer close(chunks)
		for {
			buf := make([]byte, 32*1024)
			n, err := src.Read(buf)
			if n > 0 {
				chunks <- delayedChunk{data: buf[:n], release: time.Now().Add(latency)}
			}
			if err != nil {
				return
			}
		}
	}()
	failed := false
	for chunk := range chunks {
		if failed {
			continue // drain, so the reader is not blocked forever
		}
		time.Sleep(time.Until(chunk.release))
		if _, err := dst.Write(chunk.data); err != nil {
			failed = true
		}
	}
}

func closeWrite(conn net.Conn) {
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.CloseWrite()
	} else {
		_ = conn.Close()
	}
}
