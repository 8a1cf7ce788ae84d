// Result<T>: a value or an Error. Ordinary failures (network faults, bad input, a revoked key)
// travel as values of this type; exceptions are kept for the truly exceptional.
#pragma once

#include <cassert>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace baro {

// A small, stable set of failure classes. User-facing wording lives in the i18n catalogs; `message`
// carries technical detail for logs and must never contain a secret.
enum class ErrorCode {
  kInvalidInput,       // the caller sent something unusable (400)
  kNotFound,           // no such resource, or not the caller's (404)
  kConflict,           // already exists / state does not allow it (409)
  kUnauthenticated,    // no or bad session (401)
  kForbidden,          // authenticated but not allowed, e.g. not premium (403)
  kRateLimited,        // slow down (429); see retry_after_ms
  kUnavailable,        // a dependency could not be reached or timed out
  kBadResponse,        // a peer answered with something we cannot read
  kInvalidKey,         // exchange: the API key is unknown or revoked
  kBadSignature,       // exchange: wrong secret or passphrase
  kMissingPermission,  // exchange: the key lacks a permission we need
  kTooMuchPermission,  // exchange: the key can trade, transfer or withdraw
  kIpNotAllowed,       // exchange: the key is IP-restricted to another address
  kClockSkew,          // exchange: our timestamp was outside the venue's window
  kCrypto,             // decryption or authentication failed
  kInternal,           // a bug or an environment failure
};

const char* ToString(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::int64_t retry_after_ms = 0;  // for kRateLimited: how long to stay away
};

inline Error MakeError(ErrorCode code, std::string message) {
  return Error{code, std::move(message)};
}

// Thrown when code reads the value of a Result that holds an error (or the error of one that holds
// a value): a bug, not an ordinary failure. Long-running loops catch it in their last-resort
// handler (metrics/loop_guard.h), log it, count it and go on with the next unit of work.
class BadResultAccess : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};
[[noreturn]] void ThrowBadResultAccess(const Error* error);

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    if (!ok()) ThrowBadResultAccess(std::get_if<1>(&v_));
    return std::get<0>(v_);
  }
  const T& value() const& {
    if (!ok()) ThrowBadResultAccess(std::get_if<1>(&v_));
    return std::get<0>(v_);
  }
  T&& value() && {
    if (!ok()) ThrowBadResultAccess(std::get_if<1>(&v_));
    return std::get<0>(std::move(v_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const {
    if (ok()) ThrowBadResultAccess(nullptr);
    return std::get<1>(v_);
  }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error)
      : error_(std::move(error)), ok_(false) {}  // NOLINT(google-explicit-constructor)
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const {
    if (ok_) ThrowBadResultAccess(nullptr);
    return error_;
  }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

}  // namespace baro
