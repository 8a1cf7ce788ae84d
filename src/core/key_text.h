// The characters a venue's API key, secret or passphrase may hold: printable ASCII without the
// space (0x21-0x7E). Venues issue keys and secrets in letters, digits and a few symbols, and
// passphrases are typed on their web pages; anything else (CR, LF, NUL, space, control or non-ASCII
// bytes) is a paste error at best, and at worst text smuggled into a signed request's headers
// (https://www.rfc-editor.org/rfc/rfc9110#section-5.5: a field value may not hold CR, LF or NUL).
#pragma once

#include <string_view>

namespace baro {

// True when `text` is non-empty and every byte is in 0x21-0x7E.
bool IsKeyText(std::string_view text);

}  // namespace baro
