package ai.peeker.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PublicAddressesTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "127.8.9.10",
        "0.0.0.0",
        "10.1.2.3",
        "172.16.0.1",
        "172.31.255.255",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "100.100.100.200",
        "192.0.0.8",
        "192.0.2.1",
        "198.18.0.1",
        "198.51.100.7",
        "203.0.113.9",
        "224.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd00:ec2::254",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "64:ff9b::a00:1",
        "2002:7f00:1::",
        "2001:db8::1",
        "ff02::1",
        "::127.0.0.1",
        "168.63.129.16",
        "::ffff:168.63.129.16",
        "192.0.0.192",
        "fd00:ec2::253"
      })
  void loopback_private_link_local_metadata_and_reserved_addresses_are_not_public(String ip)
      throws Exception {
    assertThat(PublicAddresses.isPublic(InetAddress.getByName(ip))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "93.184.215.14",
        "8.8.8.8",
        "1.1.1.1",
        "172.32.0.1",
        "100.128.0.1",
        "2606:4700::1111",
        "::ffff:8.8.8.8",
        "2002:808:808::",
        "168.63.129.17",
        "168.63.128.16"
      })
  void routable_addresses_are_public(String ip) throws Exception {
    assertThat(PublicAddresses.isPublic(InetAddress.getByName(ip))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "169.254.169.254",
        "169.254.0.1",
        "fe80::1",
        "fd00:ec2::254",
        "100.100.100.200",
        "::ffff:169.254.169.254",
        "168.63.129.16",
        "::ffff:168.63.129.16",
        "192.0.0.192",
        "fd00:ec2::123",
        "169.254.170.2"
      })
  void metadata_and_link_local_addresses_are_refused_even_in_the_sandbox(String ip)
      throws Exception {
    assertThat(PublicAddresses.isLinkLocalOrMetadata(InetAddress.getByName(ip))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "10.0.0.1", "192.168.0.10", "::1", "fd00::1", "8.8.8.8"})
  void a_developers_own_receiver_is_not_link_local(String ip) throws Exception {
    assertThat(PublicAddresses.isLinkLocalOrMetadata(InetAddress.getByName(ip))).isFalse();
  }
}
