// qBittorrent.conf for a lab instance, as measured in shared/qbt-lab.md: loopback
// only, no DHT/PeX/LSD/UPnP, no queueing, no login bans, legal notice accepted.
#include <fstream>
#include <stdexcept>

#include "qbt_lab.hpp"

namespace qbt::testing {
namespace {

// PBKDF2-HMAC-SHA512("adminadmin", salt = bytes 0..15, 100000 iterations, 64 bytes).
constexpr const char* kAdminAdminPbkdf2 =
    "@ByteArray(AAECAwQFBgcICQoLDA0ODw==:UC4grCR8uxnR4Gzyoule02IP9X8mRb7SaEfCylvs19kyzc76Vdb/"
    "0xQlSKu43sz2Dl4vz2SIZymUO3PvTxIfVQ==)";

}  // namespace

void write_qbittorrent_conf(const std::filesystem::path& profile, int webui_port, int bt_port,
                            const std::filesystem::path& save_path) {
    const auto dir = profile / "qBittorrent" / "config";
    std::filesystem::create_directories(dir);
    std::ofstream out(dir / "qBittorrent.conf", std::ios::trunc);
    out << "[LegalNotice]\nAccepted=true\n\n"
        << "[Meta]\nMigrationVersion=4\n\n"
        << "[Network]\nPortForwardingEnabled=false\n\n"
        << "[BitTorrent]\n"
        << "Session\\DHTEnabled=false\n"
        << "Session\\PeXEnabled=false\n"
        << "Session\\LSDEnabled=false\n"
        << "Session\\Port=" << bt_port << "\n"
        << "Session\\Interface=lo\n"
        << "Session\\InterfaceName=lo\n"
        << "Session\\InterfaceAddress=127.0.0.1\n"
        << "Session\\QueueingSystemEnabled=false\n"
        << "Session\\MaxActiveCheckingTorrents=32\n"
        << "Session\\DefaultSavePath=" << save_path.string() << "\n\n"
        << "[Preferences]\n"
        << "WebUI\\Address=127.0.0.1\n"
        << "WebUI\\Port=" << webui_port << "\n"
        << "WebUI\\UseUPnP=false\n"
        << "WebUI\\Username=admin\n"
        << "WebUI\\Password_PBKDF2=\"" << kAdminAdminPbkdf2 << "\"\n"
        << "WebUI\\LocalHostAuth=true\n"
        << "WebUI\\MaxAuthenticationFailCount=0\n"
        << "Connection\\ResolvePeerCountries=false\n"
        << "Connection\\ResolvePeerHostNames=false\n";
    if (!out) throw std::runtime_error("QbtLab: cannot write " + (dir / "qBittorrent.conf").string());
}

}  // namespace qbt::testing
