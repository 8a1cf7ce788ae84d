// Operator commands: users, plans, and the key-encryption key.
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "app/commands.h"
#include "app/key_setup.h"
#include "app/process_users.h"
#include "core/clock.h"
#include "log/logger.h"
#include "store/store.h"
#include "web/passwords.h"

namespace baro::app {
namespace {

int Fail(const std::string& what, const Error& e) {
  std::cerr << "baro: " << what << ": " << log::Redact(e.message) << "\n";
  return 1;
}

Result<std::unique_ptr<store::Store>> OpenMigrated(const config::Config& c) {
  auto store = store::OpenStore(c.database_url);
  if (!store) return store.error();
  if (auto st = (*store)->Migrate(); !st) return st.error();
  return store;
}

// Sign-up and log-in keep and look up an email in lower case (web/routes_auth.cpp): so do these.
std::string FoldEmail(std::string_view email) {
  std::string out(email);
  for (char& ch : out) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  return out;
}

}  // namespace

int RunAdminCreateUser(const CommonOptions& common, const std::string& given_email, bool premium) {
  const std::string email = FoldEmail(given_email);  // as sign-up and log-in store and look it up
  auto c = LoadConfig(common);
  if (!c) return Fail("config", c.error());
  auto store = OpenMigrated(*c);
  if (!store) return Fail("database", store.error());
  if (isatty(STDIN_FILENO)) std::cerr << "Password: ";
  std::string password;
  std::getline(std::cin, password);
  if (password.size() < static_cast<std::size_t>(c->min_password_length)) {
    SecureZero(password);
    std::cerr << "baro: the password must have at least " << c->min_password_length
              << " characters\n";
    return 1;
  }
  auto hash = web::HashPassword(password, web::InteractiveCost());
  SecureZero(password);
  if (!hash) return Fail("password", hash.error());
  auto user = (*store)->users().Create(email, *hash, SystemClock::Instance().NowMs());
  if (!user) return Fail("create-user", user.error());
  if (premium) {
    if (auto st = (*store)->users().SetPlan(user->id, store::Plan::kPremium); !st) {
      return Fail("create-user", st.error());
    }
  }
  std::cout << "Created user " << user->id << " <" << email << ">" << (premium ? " (premium)" : "")
            << "\n";
  return 0;
}

int RunAdminSetPlan(const CommonOptions& common, const std::string& email,
                    const std::string& plan) {
  auto c = LoadConfig(common);
  if (!c) return Fail("config", c.error());
  auto parsed = store::PlanFromString(plan);
  if (!parsed) {
    std::cerr << "baro: plan must be free or premium\n";
    return 2;
  }
  auto store = OpenMigrated(*c);
  if (!store) return Fail("database", store.error());
  auto user = (*store)->users().FindByEmail(FoldEmail(email));
  if (!user) {
    std::cerr << "baro: no user with email " << email << "\n";
    return 1;
  }
  if (auto st = (*store)->users().SetPlan(user->id, *parsed); !st)
    return Fail("set-plan", st.error());
  std::cout << "User " << user->id << " <" << email << "> is now on the " << plan << " plan\n";
  return 0;
}

int RunAdminListUsers(const CommonOptions& common) {
  auto c = LoadConfig(common);
  if (!c) return Fail("config", c.error());
  auto store = OpenMigrated(*c);
  if (!store) return Fail("database", store.error());
  auto users = (*store)->users().List();
  if (!users) return Fail("list-users", users.error());
  for (const auto& u : *users) {
    std::cout << u.id << "\t" << u.email << "\t" << store::ToString(u.plan) << "\n";
  }
  return 0;
}

int RunKeysInit(const CommonOptions& common) {
  auto c = LoadConfig(common);
  if (!c) return Fail("config", c.error());
  if (c->kms != "local") {
    std::cerr << "baro: keys init creates a local key pair; vault.kms is " << c->kms
              << ", whose keys live in the KMS\n";
    return 2;
  }
  // As root, the private key is given to the fetcher's user (serve.fetcher_user) and nobody else;
  // without that user it stays root's, and the operator is told.
  std::optional<ProcessUser> fetcher;
  if (RunningAsRoot()) {
    auto user = LookupUser(c->serve_fetcher_user);
    if (user) {
      fetcher = *user;
    } else {
      std::cerr << "baro: warning: " << user.error().message
                << "; the private key stays root's until you chown it to the fetcher's user\n";
    }
  }
  auto id = CreateLocalKeys(*c, fetcher);
  if (!id) return Fail("keys init", id.error());
  std::cout << "Created key pair " << *id << "\n  public (storing side): " << c->kek_public_key_file
            << "\n  private (fetcher only, mode 0600"
            << (fetcher ? ", owner " + fetcher->name : std::string())
            << "): " << c->kek_private_key_file << "\n";
  return 0;
}

}  // namespace baro::app
