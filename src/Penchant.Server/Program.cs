using Penchant.Server;

// The Penchant server: configuration from appsettings.json, environment (Penchant__...) and arguments.
var app = PenchantServerHost.BuildApp(args);
try
{
    await app.RunAsync();
}
catch (Microsoft.Extensions.Options.OptionsValidationException ex)
{
    // A bad setting (a missing pseudonym key, no API keys) stops the server before it serves anything: say which
    // first, then fail as before (rethrowing also lets a test host see the reason).
    await Console.Error.WriteLineAsync($"Penchant server: refusing to start: {ex.Message}");
    throw;
}

/// <summary>The entry point, public so that tests can start the app with WebApplicationFactory.</summary>
public partial class Program;
