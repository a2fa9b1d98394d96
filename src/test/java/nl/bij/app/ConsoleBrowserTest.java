package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;


import nl.bij.state.Decision;

/**
 * The web console in a real browser (headless Chromium from Debian's packages, driven by Selenium): a failed
 * delivery shows red, the operator replays it from the list, and the municipality turns green; then a judgment
 * by another operator waits on its own list and is confirmed there (four eyes). Screenshots of each state go to
 * target/console-*.png.
 */
class ConsoleBrowserTest extends RelayOutageTestSupport {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    /** Chromium is there (required in CI), and this is the H2 pass: the console is tested once. */
    static void assumeBrowser() {
        boolean browser = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if (!browser && System.getenv("CI") != null) {
            throw new AssertionError("chromium and chromium-driver are required in CI; .ci/run installs them");
        }
        assumeTrue(browser, "chromium and chromium-driver not installed");
        assumeTrue(!nl.bij.state.TestDatabases.postgres(), "the console runs once, on the H2 pass");
    }

    @Test
    void aFailedDeliveryShowsRedIsReplayedAndTurnsGreen() throws Exception {
        assumeBrowser();
        String id = sendAndAwait(text(MailDeliveryTest.qualifyingFor("0193", "00000000-0000-4000-8000-0000000000b9"))).get(0);
        assertThat(decisionOf(id).decision()).isEqualTo(Decision.FAILED);

        WebDriver chrome = chrome();
        try {
            WebDriverWait wait = new WebDriverWait(chrome, Duration.ofSeconds(20));
            chrome.get("http://127.0.0.1:" + settings.getProperty("bij.admin.port") + "/console/");
            chrome.findElement(By.id("user")).sendKeys("otto");
            chrome.findElement(By.id("password")).sendKeys("operator-secret");
            chrome.findElement(By.cssSelector("#login button[type=submit]")).click();

            By zwolle = By.xpath("//tr[td[1][text()='0193']]");
            wait.until(ExpectedConditions.attributeToBe(zwolle, "class", "rood"));
            screenshot(chrome, "console-1-failed.png");

            relay.start();
            chrome.findElement(By.cssSelector("nav button[data-view=failed]")).click();
            wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//tr[td[1][text()='00000000-0000-4000-8000-0000000000b9']]//button[text()='Opnieuw']"))).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("detail"), "requeued"));
            screenshot(chrome, "console-2-replayed.png");

            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> decisionOf(id).decision() == Decision.NOTIFIED);
            chrome.findElement(By.cssSelector("nav button[data-view=status]")).click();
            wait.until(ExpectedConditions.attributeToBe(zwolle, "class", "groen"));
            screenshot(chrome, "console-3-green.png");

            // four eyes: olga judged (through the API) that an attempt qualifies; otto confirms it in the console
            String attempt = sendAndAwait(text(nl.bij.intake.Events.replace(MailDeliveryTest.qualifyingFor("0344",
                    "00000000-0000-4000-8000-0000000000ba"), "<offence article=\"", "<offence attempt=\"true\" article=\"")))
                    .get(0);
            assertThat(admin("POST", "/items/review/00000000-0000-4000-8000-0000000000ba/resolve?route=ROUTE_A_LIST1"
                    + "&ground=ZEDEN&reason=poging%20telt", ReviewJudgmentTest.SECOND_OPERATOR).statusCode()).isEqualTo(200);
            chrome.findElement(By.cssSelector("nav button[data-view=confirm]")).click();
            By row = By.xpath("//tr[td[1][text()='00000000-0000-4000-8000-0000000000ba']]");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "olga"));
            screenshot(chrome, "console-4-to-confirm.png");
            chrome.findElement(By.xpath("//tr[td[1][text()='00000000-0000-4000-8000-0000000000ba']]//button[text()='Bevestig']"))
                    .click();
            wait.until(ExpectedConditions.alertIsPresent()).accept();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("detail"), "ROUTE_A_LIST1"));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> decisionOf(attempt).decision() == Decision.NOTIFIED);
        } catch (RuntimeException | AssertionError e) {
            screenshot(chrome, "console-error.png");
            throw new AssertionError("console page " + chrome.getCurrentUrl() + " when it failed:\n" + chrome.getPageSource(), e);
        } finally {
            chrome.quit();
        }
    }

    /**
     * A review item's event may carry elements of another namespace (the contract allows them), so an attacker who
     * can put a message on the queue can put XHTML script in a document an operator opens. It must never run: the
     * console shows the document as text, and the API serves it as a sandboxed attachment.
     */
    @Test
    void aCraftedReviewDocumentRunsNoScript() throws Exception {
        assumeBrowser();
        String script = "<h:script xmlns:h=\"http://www.w3.org/1999/xhtml\">window.name = 'pwned';</h:script>";
        String eventId = "00000000-0000-4000-8000-0000000000bb";
        String event = nl.bij.intake.Events.replace(MailDeliveryTest.qualifyingFor("0344", eventId),
                "<municipality code=\"0344\" addressKind=\"HOME\"/>", "<abroad country=\"BE\"/>")
                .replace("</releaseEvent>", script + "</releaseEvent>");
        assertThat(decisionOf(sendAndAwait(text(event)).get(0)).reason()).isEqualTo("ABROAD");
        String document = admin("GET", "/items/review/" + eventId + "/document", AdminApiTest.OPERATOR).body();
        assertThat(document).as("the kept copy still has the crafted element").contains("window.name = 'pwned'");

        ChromeDriver chrome = (ChromeDriver) chrome();
        try {
            chrome.get("data:application/xml;base64," + java.util.Base64.getEncoder().encodeToString(
                    document.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            // window.name outlives a navigation: whatever page a script ran in, the tab remembers it
            assertThat(chrome.executeScript("return window.name"))
                    .as("control: the same document, served without our headers, runs its script").isEqualTo("pwned");
            chrome.executeScript("window.name = ''");

            String base = "http://127.0.0.1:" + settings.getProperty("bij.admin.port");
            WebDriverWait wait = new WebDriverWait(chrome, Duration.ofSeconds(20));
            chrome.get(base + "/console/");
            chrome.findElement(By.id("user")).sendKeys("otto");
            chrome.findElement(By.id("password")).sendKeys("operator-secret");
            chrome.findElement(By.cssSelector("#login button[type=submit]")).click();
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("nav button[data-view=review]"))).click();
            wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//tr[td[1][text()='" + eventId
                    + "']]//button[text()='Bekijk']"))).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("detail"), "window.name"));
            screenshot(chrome, "console-6-crafted-document.png");
            assertThat(chrome.executeScript("return window.name")).as("shown as text in the console").isEqualTo("");

            // opened directly, with the operator's login: an attachment under a sandbox, never a page that runs
            chrome.executeCdpCommand("Network.enable", java.util.Map.of());
            chrome.executeCdpCommand("Network.setExtraHTTPHeaders", java.util.Map.of("headers", java.util.Map.of(
                    "Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                            AdminApiTest.OPERATOR.getBytes(java.nio.charset.StandardCharsets.UTF_8)))));
            int viewsBefore = views(eventId);
            chrome.get(base + "/api/v1/items/review/" + eventId + "/document");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> views(eventId) == viewsBefore + 1);
            assertThat(chrome.executeScript("return window.name")).as("opened directly").isEqualTo("");
        } catch (RuntimeException | AssertionError e) {
            screenshot(chrome, "console-error.png");
            throw new AssertionError("console page " + chrome.getCurrentUrl() + " when it failed:\n" + chrome.getPageSource(), e);
        } finally {
            chrome.quit();
        }
    }

    /** How often the review document was served (each view is on the record). */
    private int views(String eventId) throws Exception {
        String audit = admin("GET", "/audit?target=" + eventId, AdminApiTest.OPERATOR).body();
        return audit.split("\"view-review\"", -1).length - 1;
    }

    static WebDriver chrome() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--no-first-run", "--window-size=1280,900"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
        return new ChromeDriver(service, options);
    }

    static void screenshot(WebDriver chrome, String name) throws Exception {
        Path shot = ((TakesScreenshot) chrome).getScreenshotAs(OutputType.FILE).toPath();
        Files.createDirectories(Path.of("target"));
        Files.copy(shot, Path.of("target", name), StandardCopyOption.REPLACE_EXISTING);
    }
}
