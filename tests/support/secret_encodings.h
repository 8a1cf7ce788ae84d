// The encodings a leaked secret could take in a file, built here from first principles and not by
// the product's redactor (src/log/secret_forms.*), so a scan cannot share the redactor's blind
// spots: the bytes as they are, hex in both cases, standard and URL-safe base64 at each of the
// three alignments the secret can have inside a longer encoded stream (RFC 4648 §4, §5), and
// percent-encoding (RFC 3986 §2.1) of the reserved bytes or of every byte, in both hex cases.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace baro::testing {

// Needs a secret of at least 6 bytes (so every alignment keeps a whole base64 group).
std::vector<std::string> SecretEncodings(std::string_view secret);

// The first encoding of `secret` found in `haystack`, or an empty string.
std::string FindEncoding(std::string_view haystack, const std::vector<std::string>& encodings);

}  // namespace baro::testing
