// Length-prefixed JSON frames over a stream socket: a 4-byte big-endian length, then that many
// bytes of JSON. The fetcher protocol rides on this (see fetcher_protocol.h).
#pragma once

#include <chrono>
#include <string>

#include "core/result.h"

namespace baro::fetcher {

inline constexpr std::size_t kMaxFrameBytes = 4 * 1024 * 1024;

Status WriteFrame(int fd, std::string_view payload);
// Reads one frame; kUnavailable on EOF or timeout (set with SO_RCVTIMEO by the caller).
// `closed_before_data`, when given, tells whether the peer closed or reset the connection before
// sending any byte of the frame (an idle connection the peer had already let go).
Result<std::string> ReadFrame(int fd, bool* closed_before_data = nullptr);

// Unix-domain socket helpers.
Result<int> ListenUnix(const std::string& path);  // creates the socket file with mode 0600
Result<int> ConnectUnix(const std::string& path, std::chrono::milliseconds timeout);

}  // namespace baro::fetcher
