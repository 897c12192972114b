package ai.peeker.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PictureUrlsTest {
  private final PictureUrls literalOnly = new PictureUrls(false);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://cdn.acme.com/sam.jpg",
        "http://images.example.org/a/b.png?size=200",
        "https://8.8.8.8/face.png",
        "https://[2001:4860:4860::8888]/face.png",
        "https://cafe.be/face.png"
      })
  void public_http_urls_pass(String url) {
    assertThat(literalOnly.isPublic(url)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://localhost/sam.png",
        "http://LOCALHOST:8080/sam.png",
        "http://app.localhost/sam.png",
        "http://127.0.0.1/sam.png",
        "http://127.1/sam.png",
        "http://2130706433/sam.png",
        "http://0x7f000001/sam.png",
        "http://017700000001/sam.png",
        "http://0.0.0.0/sam.png",
        "http://10.1.2.3/sam.png",
        "http://172.16.0.9/sam.png",
        "http://192.168.1.10/sam.png",
        "http://100.64.0.1/sam.png",
        "http://169.254.169.254/latest/meta-data/",
        "http://168.63.129.16/sam.png",
        "http://[::ffff:168.63.129.16]/sam.png",
        "http://100.100.100.200/latest/meta-data/",
        "http://192.0.0.192/opc/v2/instance/",
        "http://192.0.2.10/sam.png",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://[::1]/sam.png",
        "http://[fd00:ec2::254]/sam.png",
        "http://[fe80::1]/sam.png",
        "http://[::ffff:127.0.0.1]/sam.png",
        "http://printer.local/sam.png",
        "http://intranet/sam.png",
        "ftp://cdn.acme.com/sam.jpg",
        "file:///etc/passwd",
        "data:image/png;base64,AAAA",
        "javascript:alert(1)",
        "//cdn.acme.com/sam.jpg",
        "https://user:pw@cdn.acme.com/sam.jpg",
        "not a url",
        "https:///nohost.png"
      })
  void private_local_and_non_http_urls_do_not(String url) {
    assertThat(literalOnly.isPublic(url)).as(url).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " "})
  void blank_means_no_picture(String url) {
    assertThat(PictureUrls.absent(url)).isTrue();
    assertThat(PictureUrls.absent(null)).isTrue();
  }
}
