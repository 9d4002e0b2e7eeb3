#include "disk/file_ops.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace qbt::disk {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const std::string& what, const fs::path& path, int error) {
    throw FileError(what + " " + path.string() + ": " + std::strerror(error));
}

// Closes a descriptor when it leaves scope.
struct Fd {
    int fd = -1;
    explicit Fd(int f) : fd(f) {}
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
};

// Our own temporary name next to `to`: a crash leaves at most this, never a partial `to`.
fs::path part_of(const fs::path& to) { return fs::path(to.string() + ".qbt-rules-part"); }

void write_all(int fd, const char* data, size_t size, const fs::path& path) {
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail("cannot write", path, errno);
        }
        data += n;
        size -= static_cast<size_t>(n);
    }
}

void copy_contents(int in, int out, const fs::path& from, const fs::path& part) {
    char buffer[1 << 16];
    for (;;) {
        const ssize_t n = ::read(in, buffer, sizeof buffer);
        if (n == 0) return;
        if (n < 0) {
            if (errno == EINTR) continue;
            fail("cannot read", from, errno);
        }
        write_all(out, buffer, static_cast<size_t>(n), part);
    }
}

}  // namespace

bool rename_no_replace(const fs::path& from, const fs::path& to) {
    if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return true;
    int error = errno;
    if (error == EXDEV) return false;
    if (error == EINVAL || error == ENOSYS) {  // no RENAME_NOREPLACE here: link() never replaces
        if (::link(from.c_str(), to.c_str()) == 0) {
            if (::unlink(from.c_str()) != 0) fail("cannot remove (after linking it to " + to.string() + ")", from, errno);
            return true;
        }
        error = errno;
        if (error == EXDEV) return false;
    }
    if (error == EEXIST) throw FileError("cannot move " + from.string() + " to " + to.string() + ": the target exists");
    throw FileError("cannot move " + from.string() + " to " + to.string() + ": " + std::strerror(error));
}

void copy_no_replace(const fs::path& from, const fs::path& to) {
    if (::access(to.c_str(), F_OK) == 0) throw FileError("cannot copy " + from.string() + " to " + to.string() +
                                                         ": the target exists");
    const fs::path part = part_of(to);
    ::unlink(part.c_str());  // a copy a crash interrupted
    Fd in(::open(from.c_str(), O_RDONLY | O_CLOEXEC));
    if (in.fd < 0) fail("cannot open", from, errno);
    struct stat st {};
    if (::fstat(in.fd, &st) != 0) fail("cannot stat", from, errno);
    try {
        Fd out(::open(part.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
        if (out.fd < 0) fail("cannot create", part, errno);
        copy_contents(in.fd, out.fd, from, part);
        const struct timespec times[2] = {st.st_atim, st.st_mtim};
        ::futimens(out.fd, times);
        ::fchmod(out.fd, st.st_mode & 07777);
        if (::fsync(out.fd) != 0) fail("cannot sync", part, errno);
        rename_no_replace(part, to);
    } catch (...) {
        ::unlink(part.c_str());
        throw;
    }
    sync_dir(to.parent_path());
}

void make_dirs(const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw FileError("cannot create the folder " + dir.string() + ": " + ec.message());
}

bool remove_file(const fs::path& file) {
    if (::unlink(file.c_str()) == 0) return true;
    if (errno == ENOENT) return false;
    fail("cannot remove", file, errno);
}

void remove_empty_dirs(const fs::path& dir, const fs::path& stop) {
    const fs::path root = stop.lexically_normal();
    fs::path current = dir.lexically_normal();
    for (;;) {
        const fs::path relative = current.lexically_relative(root);
        if (relative.empty() || relative == "." || *relative.begin() == "..") return;  // at or outside stop
        if (::rmdir(current.c_str()) != 0) return;  // not empty (or gone): the parents are not empty either
        current = current.parent_path();
    }
}

void sync_dir(const fs::path& dir) {
    Fd fd(::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.fd >= 0) ::fsync(fd.fd);
}

void write_file_atomically(const fs::path& file, std::string_view text) {
    const fs::path tmp(file.string() + ".tmp");
    {
        Fd out(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
        if (out.fd < 0) fail("cannot create", tmp, errno);
        write_all(out.fd, text.data(), text.size(), tmp);
        if (::fsync(out.fd) != 0) fail("cannot sync", tmp, errno);
    }
    if (::rename(tmp.c_str(), file.c_str()) != 0) fail("cannot replace", file, errno);
    sync_dir(file.parent_path());
}

std::string read_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) fail("cannot read", file, errno);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace qbt::disk
