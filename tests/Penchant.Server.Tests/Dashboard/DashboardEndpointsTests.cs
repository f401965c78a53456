using System.Net;
using Penchant.Server.Dashboard;

namespace Penchant.Server.Tests.Dashboard;

public sealed class DashboardEndpointsTests
{
    [Theory]
    [InlineData("/dashboard", "text/html", "<title>Penchant dashboard</title>")]
    [InlineData("/dashboard/", "text/html", "<title>Penchant dashboard</title>")]
    [InlineData("/dashboard/app.js", "text/javascript", "'X-Api-Key'")]
    [InlineData("/dashboard/app.css", "text/css", "[hidden]")]
    public async Task The_page_and_its_assets_are_served_without_a_key_under_a_strict_content_security_policy(string path, string contentType, string content)
    {
        await using var factory = new PenchantServerFactory();
        using var anonymous = factory.Client(null);
        var response = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(content, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(DashboardEndpoints.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("script-src 'self';", DashboardEndpoints.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());

        // The page holds no data: the API behind it still asks for a key.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v1/admin/model")).StatusCode);
    }

    [Fact]
    public async Task The_dashboard_can_be_turned_off()
    {
        await using var factory = new PenchantServerFactory(new Dictionary<string, string?> { ["Penchant:Dashboard"] = "false" });
        using var anonymous = factory.Client(null);
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync("/dashboard")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync("/dashboard/app.js")).StatusCode);
    }
}
