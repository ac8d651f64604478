"""Directory peers for the sign-in tests: OpenLDAP's slapd and an MIT Kerberos KDC, each in the
test's temporary directory on free loopback ports, stopped by PID. A missing peer binary fails
the test with the package to install (tools/setup.sh installs them); nothing is skipped.

slapd serves dc=example,dc=test with TLS (LDAPS and StartTLS) from a test CA made with the
openssl CLI. Active Directory's login attributes (sAMAccountName, userPrincipalName) come from a
small schema of Microsoft's OIDs on an auxiliary class, and group membership from the memberof
overlay (memberOf on each user, as AD has it).
"""
import os
import shutil
import socket
import subprocess
import textwrap

from printwarden import Process, wait_until

BASE_DN = "dc=example,dc=test"
ROOT_DN = "cn=admin," + BASE_DN
ROOT_PASSWORD = "Root-Secret-1"
SERVICE_DN = "cn=reader,ou=services," + BASE_DN
SERVICE_PASSWORD = "Reader-Secret-7"
REALM = "EXAMPLE.TEST"

# name -> (password, groups)
USERS = {
    "alice": ("Alice-Pass-1", ["Printer Admins"]),
    "bob": ("Bob-Pass-22", ["Fleet Operators", "Paris"]),
    "carol": ("Carol-Pass-3", ["Visitors"]),
}

AD_SCHEMA = """\
attributetype ( 1.2.840.113556.1.4.221 NAME 'sAMAccountName'
  EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.656 NAME 'userPrincipalName'
  EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
objectclass ( 1.3.6.1.4.1.32473.1.1 NAME 'pwTestDirectoryAccount' SUP top AUXILIARY
  MAY ( sAMAccountName $ userPrincipalName ) )
"""


def require(binary, package):
    path = shutil.which(binary) or shutil.which(binary, path="/usr/sbin:/sbin")
    if not path:
        raise AssertionError(f"{binary} is missing: install {package} (tools/setup.sh)")
    return path


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port):
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def run(argv, **kwargs):
    result = subprocess.run(argv, capture_output=True, timeout=60, **kwargs)
    if result.returncode != 0:
        raise AssertionError(f"{argv[0]} failed: {result.stdout!r} {result.stderr!r}")
    return result


class TestCa:
    """A CA and a server certificate for localhost / 127.0.0.1, made with the openssl CLI."""

    def __init__(self, directory, name):
        os.makedirs(directory, exist_ok=True)
        self.cert = os.path.join(directory, f"{name}-ca.pem")
        self.key = os.path.join(directory, f"{name}-ca.key")
        run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
             "-nodes", "-keyout", self.key, "-out", self.cert, "-days", "2",
             "-subj", f"/CN=Printwarden test {name} CA"])

    def server_certificate(self, directory, name):
        key = os.path.join(directory, f"{name}.key")
        csr = os.path.join(directory, f"{name}.csr")
        cert = os.path.join(directory, f"{name}.pem")
        ext = os.path.join(directory, f"{name}.ext")
        with open(ext, "w") as f:
            f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
        run(["openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
             "-keyout", key, "-out", csr, "-subj", "/CN=localhost"])
        run(["openssl", "x509", "-req", "-in", csr, "-CA", self.cert, "-CAkey", self.key,
             "-CAcreateserial", "-out", cert, "-days", "2", "-extfile", ext])
        os.chmod(key, 0o644)  # slapd may drop privileges; the directory is private anyway
        return cert, key


class Slapd:
    """slapd with LDAP (plain + StartTLS) and LDAPS listeners on free loopback ports."""

    def __init__(self, workdir):
        self.slapd = require("slapd", "slapd")
        self.ldapadd = require("ldapadd", "ldap-utils")
        self.dir = os.path.join(workdir, "slapd")
        os.makedirs(os.path.join(self.dir, "db"))
        self.ca = TestCa(self.dir, "directory")
        self.other_ca = TestCa(self.dir, "other")
        cert, key = self.ca.server_certificate(self.dir, "slapd")
        self.ldap_port = free_port()
        self.ldaps_port = free_port()
        schema = os.path.join(self.dir, "ad.schema")
        with open(schema, "w") as f:
            f.write(AD_SCHEMA)
        config = os.path.join(self.dir, "slapd.conf")
        with open(config, "w") as f:
            f.write(textwrap.dedent(f"""\
                include /etc/ldap/schema/core.schema
                include /etc/ldap/schema/cosine.schema
                include /etc/ldap/schema/inetorgperson.schema
                include {schema}
                modulepath /usr/lib/ldap
                moduleload back_mdb
                moduleload memberof
                pidfile {self.dir}/slapd.pid
                TLSCACertificateFile {self.ca.cert}
                TLSCertificateFile {cert}
                TLSCertificateKeyFile {key}
                database mdb
                suffix "{BASE_DN}"
                rootdn "{ROOT_DN}"
                rootpw {ROOT_PASSWORD}
                directory {self.dir}/db
                maxsize 67108864
                overlay memberof
                access to attrs=userPassword by anonymous auth by self read by * none
                access to * by users read by * none
                """))
        urls = f"ldap://127.0.0.1:{self.ldap_port}/ ldaps://127.0.0.1:{self.ldaps_port}/"
        # -d keeps slapd in the foreground, so the PID we hold is the server's.
        self.process = Process([self.slapd, "-f", config, "-h", urls, "-d", "0"],
                               os.path.join(self.dir, "slapd.log"))
        wait_until(lambda: self._ready(), what="slapd listening")
        self._load()

    def _ready(self):
        if not self.process.running():
            raise AssertionError("slapd exited:\n" + self.process.output())
        return port_open(self.ldap_port) and port_open(self.ldaps_port)

    def _load(self):
        entries = [f"dn: {BASE_DN}\nobjectClass: dcObject\nobjectClass: organization\n"
                   "o: Example\ndc: example\n"]
        for ou in ("people", "groups", "services"):
            entries.append(f"dn: ou={ou},{BASE_DN}\nobjectClass: organizationalUnit\nou: {ou}\n")
        entries.append(f"dn: {SERVICE_DN}\nobjectClass: person\ncn: reader\nsn: reader\n"
                       f"userPassword: {SERVICE_PASSWORD}\n")
        groups = {}
        for name, (password, member_of) in USERS.items():
            entries.append(
                f"dn: uid={name},ou=people,{BASE_DN}\nobjectClass: inetOrgPerson\n"
                f"objectClass: pwTestDirectoryAccount\nuid: {name}\ncn: {name}\nsn: {name}\n"
                f"sAMAccountName: {name}\nuserPrincipalName: {name}@example.test\n"
                f"userPassword: {password}\n")
            for group in member_of:
                groups.setdefault(group, []).append(f"uid={name},ou=people,{BASE_DN}")
        for group, members in groups.items():
            entries.append(f"dn: cn={group},ou=groups,{BASE_DN}\nobjectClass: groupOfNames\n"
                           f"cn: {group}\n" + "".join(f"member: {m}\n" for m in members))
        run([self.ldapadd, "-x", "-H", f"ldap://127.0.0.1:{self.ldap_port}", "-D", ROOT_DN,
             "-w", ROOT_PASSWORD], input="\n".join(entries).encode())

    def stop(self, sig=None):
        return self.process.stop(*(() if sig is None else (sig,)))


class Kdc:
    """An MIT KDC for EXAMPLE.TEST on a free loopback port (TCP and UDP), with the service
    principal HTTP/localhost in a keytab and the user principals of USERS."""

    def __init__(self, workdir):
        kdb5_util = require("kdb5_util", "krb5-kdc")
        kadmin = require("kadmin.local", "krb5-admin-server")
        krb5kdc = require("krb5kdc", "krb5-kdc")
        self.kinit = require("kinit", "krb5-user")
        self.dir = os.path.join(workdir, "kdc")
        os.makedirs(self.dir)
        self.port = free_port()
        self.keytab = os.path.join(self.dir, "http.keytab")
        self.krb5_conf = os.path.join(self.dir, "krb5.conf")
        kdc_conf = os.path.join(self.dir, "kdc.conf")
        with open(kdc_conf, "w") as f:
            f.write(textwrap.dedent(f"""\
                [kdcdefaults]
                 kdc_ports = {self.port}
                 kdc_tcp_ports = {self.port}
                [realms]
                 {REALM} = {{
                  database_name = {self.dir}/principal
                  key_stash_file = {self.dir}/stash
                  acl_file = {self.dir}/kadm5.acl
                  kdc_ports = {self.port}
                  kdc_tcp_ports = {self.port}
                 }}
                [logging]
                 kdc = FILE:{self.dir}/kdc.log
                """))
        with open(self.krb5_conf, "w") as f:
            f.write(textwrap.dedent(f"""\
                [libdefaults]
                 default_realm = {REALM}
                 dns_lookup_kdc = false
                 dns_lookup_realm = false
                 rdns = false
                 dns_canonicalize_hostname = false
                 udp_preference_limit = 1
                [realms]
                 {REALM} = {{
                  kdc = 127.0.0.1:{self.port}
                 }}
                [domain_realm]
                 localhost = {REALM}
                """))
        # Every Kerberos program of the test (and the Manager) reads these, not /etc.
        self.env = {"KRB5_CONFIG": self.krb5_conf, "KRB5_KDC_PROFILE": kdc_conf,
                    "KRB5CCNAME": "FILE:" + os.path.join(self.dir, "ccache"),
                    "KRB5RCACHETYPE": "none"}
        env = {**os.environ, **self.env}
        run([kdb5_util, "create", "-s", "-r", REALM, "-P", "Master-Key-9"], env=env)
        queries = [f"addprinc -randkey HTTP/localhost@{REALM}",
                   f"ktadd -k {self.keytab} HTTP/localhost@{REALM}"]
        queries += [f"addprinc -pw {pw} {name}@{REALM}" for name, (pw, _) in USERS.items()]
        for query in queries:
            run([kadmin, "-r", REALM, "-q", query], env=env)
        self.process = Process([krb5kdc, "-n", "-r", REALM], os.path.join(self.dir, "krb5kdc.log"),
                               env=self.env)
        wait_until(self._ready, what="krb5kdc listening")

    def _ready(self):
        if not self.process.running():
            raise AssertionError("krb5kdc exited:\n" + self.process.output())
        return port_open(self.port)

    def get_ticket(self, name):
        """kinit with the password on stdin, into the test's credential cache."""
        run([self.kinit, f"{name}@{REALM}"], input=(USERS[name][0] + "\n").encode(),
            env={**os.environ, **self.env})

    def stop(self, sig=None):
        return self.process.stop(*(() if sig is None else (sig,)))
