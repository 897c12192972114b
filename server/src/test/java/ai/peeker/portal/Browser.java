package ai.peeker.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium (the Debian {@code chromium} and {@code chromium-driver} packages, which {@code
 * .ci/run} installs) driven over WebDriver, with screenshots and an axe-core check.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private static String axe;

  final WebDriver driver;
  private final String base;

  private Browser(WebDriver driver, String base) {
    this.driver = driver;
    this.base = base;
  }

  /** Skips the calling test, saying why, when Chromium is not installed here. */
  static void assumeChromium() {
    Assumptions.assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "Chromium is not installed (apt-get install -y chromium chromium-driver); .ci/run"
            + " installs it, so CI runs the browser tests");
  }

  static Browser open(String base) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toString());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,1000",
        "--lang=en-US");
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return new Browser(driver, base);
  }

  void go(String path) {
    driver.get(base + path);
  }

  String path() {
    return driver.getCurrentUrl().substring(base.length());
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  String text() {
    return find("body").getText();
  }

  void type(String css, String value) {
    WebElement field = find(css);
    field.clear();
    field.sendKeys(value);
  }

  void click(String css) {
    navigating(find(css));
  }

  void clickLink(String text) {
    navigating(driver.findElement(By.linkText(text)));
  }

  void submit(String formCss) {
    navigating(find(formCss + " button[type=submit]"));
  }

  /** Clicks and waits until the next page replaced this one. */
  private void navigating(WebElement element) {
    WebElement page = find("html");
    element.click();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        page.isDisplayed();
      } catch (WebDriverException e) {
        // asked while the document is being replaced, ChromeDriver may answer "Node with given
        // id does not belong to the document" instead of calling the element stale
        boolean replaced =
            e instanceof StaleElementReferenceException
                || String.valueOf(e.getMessage()).contains("does not belong to the document");
        if (!replaced) {
          throw e;
        }
        waitUntilLoaded(deadline);
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new AssertionError("no new page after clicking " + element);
  }

  Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  /** Until the new page and its deferred scripts have loaded. */
  private void waitUntilLoaded(long deadline) {
    while (System.nanoTime() < deadline
        && !"complete".equals(script("return document.readyState"))) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Saves the page as {@code target/screenshots/<name>.png}. */
  Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Path taken = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
      Files.copy(taken, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The page's serious and critical axe-core violations, one line each. */
  List<String> seriousViolations() {
    script(axeSource());
    Object json =
        ((JavascriptExecutor) driver)
            .executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                    + " axe.run(document, {resultTypes: ['violations']})"
                    + ".then(function (r) { done(JSON.stringify(r.violations)); })"
                    + ".catch(function (e) { done(JSON.stringify([{id: 'axe-error',"
                    + " impact: 'critical', help: String(e), nodes: []}])); });");
    List<String> serious = new ArrayList<>();
    try {
      for (JsonNode v : new ObjectMapper().readTree(json.toString())) {
        String impact = v.path("impact").asText();
        if (impact.equals("serious") || impact.equals("critical")) {
          List<String> targets = new ArrayList<>();
          v.path("nodes").forEach(n -> targets.add(n.path("target").toString()));
          serious.add(
              impact
                  + " "
                  + v.path("id").asText()
                  + ": "
                  + v.path("help").asText()
                  + " "
                  + targets);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return serious;
  }

  private static synchronized String axeSource() {
    if (axe == null) {
      ClassLoader loader = Browser.class.getClassLoader();
      try (InputStream props =
          loader.getResourceAsStream("META-INF/maven/org.webjars.npm/axe-core/pom.properties")) {
        Properties p = new Properties();
        p.load(props);
        String path =
            "META-INF/resources/webjars/axe-core/" + p.getProperty("version") + "/axe.min.js";
        try (InputStream in = loader.getResourceAsStream(path)) {
          axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return axe;
  }

  @Override
  public void close() {
    driver.quit();
  }
}
