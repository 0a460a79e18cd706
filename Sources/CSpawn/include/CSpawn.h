#ifndef CSPAWN_H
#define CSPAWN_H

/*
 * One call around posix_spawn with the GNU extensions Swift's Glibc module does not expose
 * (posix_spawn_file_actions_addclosefrom_np, posix_spawn_file_actions_addchdir_np).
 */

#include <sys/types.h>

/// What the child's standard stream `fd` (0, 1 or 2) becomes: another descriptor of the parent,
/// /dev/null, or the parent's own stream.
#define CSPAWN_NULL (-1)
#define CSPAWN_INHERIT (-2)

/// Starts `path` (looked up on the parent's PATH when `search_path` is non-zero) with `argv` and
/// `envp`. Standard streams come from `stdin_fd`, `stdout_fd` and `stderr_fd` (a descriptor,
/// CSPAWN_NULL or CSPAWN_INHERIT); every other descriptor is closed in the child, whatever its
/// close-on-exec flag. The child starts with no blocked signal and default dispositions, in
/// `directory` when it is not NULL. Returns 0 and sets `pid`, or returns an errno value (also for
/// an executable that cannot be run).
int cspawn_start(pid_t *pid, const char *path, char *const argv[], char *const envp[],
                 int stdin_fd, int stdout_fd, int stderr_fd, const char *directory, int search_path);

/// pipe2 with O_CLOEXEC (not exposed by Swift's Glibc module): `descriptors` receives the read
/// and the write end. Returns 0, or an errno value.
int cspawn_pipe(int descriptors[2]);

#endif
