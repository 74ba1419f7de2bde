#!/usr/bin/env bash
# Builds the two bottom layers of the Millwright image without a registry, for air-gapped plants:
#   <out>/rootfs  a minimal Debian 12 root file system made from the .deb packages the JVM and the native libraries
#                 of DuckDB, RocksDB and Brotli really load (objdump -p: libc, libm, libdl, libpthread, librt,
#                 libstdc++, libgcc_s; the JDK carries its own zlib), plus passwd/group for the 'millwright' user;
#   <out>/jre     a jlinked Java runtime from the build JDK with only the modules the application uses.
#   <out>/packages.txt  name=version of every Debian package used, and <out>/java-runtime.txt: for the image's labels.
# Downloaded .debs are cached (MILLWRIGHT_DEB_CACHE, default ~/.cache/millwright/debs) by exact version, so a repeated
# build needs no network: the versions come from the local apt lists, which change only with 'apt-get update'.
# Target: linux/amd64 only (the packages are amd64; the image tests strip every other platform's natives).
#   image/build-base.sh image/target/base
set -euo pipefail
out="${1:?usage: build-base.sh <output dir>}"
java_home="${JAVA_HOME:?JAVA_HOME must point at the JDK whose runtime goes into the image}"
cache="${MILLWRIGHT_DEB_CACHE:-${HOME:-/root}/.cache/millwright/debs}"

# libgcc-s1 and libstdc++6 carry their copyright in gcc-12-base's documentation directory.
packages=(libc6 libgcc-s1 libstdc++6 gcc-12-base)
# The modules the application needs: jdeps --print-module-deps over every jar of app/target/quarkus-app, plus the
# 'requires' of the modular jars jdeps cannot analyse alone. Left out on purpose: jdk.compiler (only vertx-codegen's
# annotation processor and H2's source-code triggers use it, neither at run time) and jdk.localedata (English only).
modules=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.rmi,\
java.scripting,java.security.jgss,java.sql,java.transaction.xa,java.xml,jdk.jfr,jdk.management,jdk.net,\
jdk.unsupported,jdk.zipfs
# Measured on JDK 25 with these modules: lib/modules is 60 MB with zip-0 and 27 MB with zip-6. The image must stay
# under 200 MB uncompressed, so zip-6 (zip-9 saves only 48 KB more).
compress=zip-6

if ! grep -q '^VERSION_CODENAME=bookworm' /etc/os-release 2>/dev/null; then
  echo "build-base.sh: needs Debian 12 (bookworm) apt to fetch the base packages" >&2
  exit 1
fi

versions=()
for p in "${packages[@]}"; do
  v="$(apt-cache policy "$p" | sed -n 's/^  Candidate: //p')"
  if [ -z "$v" ] || [ "$v" = "(none)" ]; then
    echo "build-base.sh: apt knows no version of $p (run apt-get update)" >&2
    exit 1
  fi
  versions+=("$p=$v")
done

# Skip the work when neither the packages, the JDK nor this script changed since the last run.
key="$(printf '%s\n' "${versions[@]}" "$modules" "$compress" "$(cat "$java_home/release")" \
  | cat - "${BASH_SOURCE[0]}" | sha256sum | cut -d' ' -f1)"
if [ -f "$out/key" ] && [ "$(cat "$out/key")" = "$key" ] && [ -d "$out/rootfs" ] && [ -x "$out/jre/bin/java" ]; then
  exit 0
fi
rm -rf "$out"
mkdir -p "$out/rootfs" "$cache"

for pv in "${versions[@]}"; do
  p="${pv%%=*}"
  v="${pv#*=}"
  # Debian file names drop the epoch (1:) of a version.
  deb="$cache/${p}_${v#*:}_amd64.deb"
  if [ ! -f "$deb" ]; then
    (cd "$cache" && apt-get download -q "$p=$v" 2>&1 | grep -v "unsandboxed as root" >&2 || true)
    [ -f "$deb" ] || { echo "build-base.sh: could not download $p=$v" >&2; exit 1; }
  fi
  dpkg-deb -x "$deb" "$out/rootfs"
  # Image scanners (Trivy, Grype) read the package list the distroless way: one control file per package.
  mkdir -p "$out/rootfs/var/lib/dpkg/status.d"
  dpkg-deb -f "$deb" > "$out/rootfs/var/lib/dpkg/status.d/$p"
done
printf '%s\n' "${versions[@]}" > "$out/packages.txt"

r="$out/rootfs"
# Nothing here runs a shell, a debugger or iconv: drop what only those use, keep every copyright file.
rm -rf "$r/usr/lib/x86_64-linux-gnu/gconv" "$r/usr/share/gcc" "$r/usr/share/gdb" "$r/usr/share/lintian"
# Of glibc's libraries, only those something in the image links to (the JVM, DuckDB, RocksDB, Brotli; the image
# tests check every ELF file's DT_NEEDED against the image). glibc 2.36 has its 'files' and 'dns' name services
# built in, so the libnss_* stubs, NIS, hesiod, libmvec and the debugging preloads go.
for f in "$r"/lib/x86_64-linux-gnu/*; do
  case "$(basename "$f")" in
    ld-linux-x86-64.so.2|libc.so.6|libm.so.6|libdl.so.2|libpthread.so.0|librt.so.1|libgcc_s.so.1) ;;
    *) rm -f "$f" ;;
  esac
done
find "$r/usr/share/doc" -mindepth 2 ! -name copyright -delete
# Image layers hold no symbolic links here (Jib copies the target's content instead), so each link becomes one file:
# the doc links of libgcc-s1/libstdc++6 get their own copyright, the libstdc++ SONAME takes the real file's place,
# and the ELF interpreter path /lib64/ld-linux-x86-64.so.2 gets a copy of the loader.
for d in libgcc-s1 libstdc++6; do
  rm "$r/usr/share/doc/$d"
  mkdir "$r/usr/share/doc/$d"
  cp "$r/usr/share/doc/gcc-12-base/copyright" "$r/usr/share/doc/$d/copyright"
done
soname="$r/usr/lib/x86_64-linux-gnu/libstdc++.so.6"
mv -f "$(readlink -f "$soname")" "$soname.real" && rm "$soname" && mv "$soname.real" "$soname"
rm "$r/lib64/ld-linux-x86-64.so.2"
cp "$r/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" "$r/lib64/ld-linux-x86-64.so.2"
if [ -n "$(find "$r" -type l)" ]; then
  echo "build-base.sh: symbolic links left in the root file system:" >&2
  find "$r" -type l >&2
  exit 1
fi

# The non-root user the image runs as; a numeric uid so that Kubernetes can check runAsNonRoot.
mkdir -p "$r/etc"
printf 'root:x:0:0:root:/root:/sbin/nologin\nmillwright:x:10001:10001:Millwright:/var/lib/millwright:/sbin/nologin\n' \
  > "$r/etc/passwd"
printf 'root:x:0:\nmillwright:x:10001:\n' > "$r/etc/group"
# glibc's default without this file asks DNS before /etc/hosts; containers expect /etc/hosts first.
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$r/etc/nsswitch.conf"
# Scanners match the dpkg entries above against Debian's security tracker by this file's release.
cp -L /etc/os-release "$r/etc/os-release"
# Mount points: /tmp (an emptyDir or tmpfs: the JVM, DuckDB, RocksDB and Netty write there) and the data directory.
mkdir -p "$r/tmp" "$r/var/lib/millwright"

# The API documentation's pictures and pages (java.desktop's doc-files, 0.3 MB) are not code; jlink refuses to
# drop classes of an exported package (Swing, 3.7 MB, cannot go that way), but these are in no package.
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --compress="$compress" --exclude-resources='glob:/*/**/doc-files/**' --output "$out/jre"
# AWT's X11 and sound libraries need libX11/libasound, which a server image does not have: they could never load.
# (Headless java.awt and java.beans, which some libraries use, need none of them.)
rm -f "$out/jre/lib/libawt_xawt.so" "$out/jre/lib/libsplashscreen.so" "$out/jre/lib/libjawt.so" \
  "$out/jre/lib/libjsound.so"
# Nor does the binary draw text or process images: no Millwright code uses java.awt or javax.imageio, and the
# libraries that touch them use geometry (PostgreSQL's PGpoint, OSHI), java.beans, or a GUI no server opens (H2's
# console, JNA's desktop helpers). So text rendering (libfontmanager, libfreetype), colour management (liblcms),
# image operations (libmlib_image: AffineTransformOp, ConvolveOp) and the JPEG codec (libjavajpeg) go: 4.2 MB.
# libawt and libawt_headless stay: java.awt.Rectangle/Color/Point and the headless Toolkit load them, and drawing
# into a BufferedImage and PNG (pure Java) keep working. RuncIT checks both inside the image.
rm -f "$out/jre/lib/libfontmanager.so" "$out/jre/lib/libfreetype.so" "$out/jre/lib/liblcms.so" \
  "$out/jre/lib/libmlib_image.so" "$out/jre/lib/libjavajpeg.so"
# jlink links each module's shared licence files to java.base's copies; the layers hold files only.
find "$out/jre" -type l | while read -r link; do
  cp --remove-destination "$(readlink -f "$link")" "$link"
done
# With those above, two cuts keep the image under the 200 MB of issue 6 (measured 2026-11-22):
# - no class data sharing archive (-Xshare:dump): 14 MB, for about 0.3 s of a start that takes several seconds;
# - libjvm's symbol table (strip --strip-unneeded): 5 MB. JVM crash logs then name native frames by address only.
#   The JDK's other libraries and launchers keep theirs too: 0.25 MB more, same reasoning.
# (ImageBuilder strips the native libraries inside the jars the same way; see image/README.md.)
find "$out/jre" -type f \( -name '*.so' -o -path "$out/jre/bin/*" -o -name jspawnhelper -o -name jexec \) \
  -exec strip --strip-unneeded {} +

# For the image's labels: which runtime this is (jlink's own 'release' file names only the version and modules).
implementor="$(sed -n 's/^IMPLEMENTOR="\(.*\)"/\1/p' "$java_home/release")"
runtime="$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p' "$java_home/release")"
echo "jlink --compress=$compress of ${implementor:-a JDK} ${runtime:-$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' \
  "$java_home/release")}: $(sed -n 's/^MODULES="\(.*\)"/\1/p' "$out/jre/release")" > "$out/java-runtime.txt"

echo "$key" > "$out/key"
