using System.Net;
using System.Net.Http.Json;
using Penchant.Server.Contracts;

namespace Penchant.Server.Tests.Endpoints;

public sealed class UsersEndpointsTests : IAsyncLifetime
{
    private readonly PenchantServerFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Put_then_get_returns_attributes_and_consent()
    {
        using var client = _factory.Ingest();
        var put = await client.PutAsJsonAsync("/v1/users/ann", new UserDto(null, new Dictionary<string, string> { ["region"] = "EU" }, new ConsentDto(Profiling: false)));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var user = await client.GetFromJsonAsync<UserDto>("/v1/users/ann");
        Assert.Equal("ann", user!.Id);
        Assert.Equal("EU", user.Attributes!["region"]);
        Assert.Equal(new ConsentDto(true, false), user.Consent);
    }

    [Fact]
    public async Task Put_with_mismatched_id_names_the_field()
    {
        using var client = _factory.Ingest();
        await Problems.AssertFieldErrorAsync(await client.PutAsJsonAsync("/v1/users/ann", new UserDto("bob")), "id", "does not match");
    }

    [Fact]
    public async Task Get_unknown_user_is_a_404_problem()
    {
        using var client = _factory.Ingest();
        await Problems.AssertProblemAsync(await client.GetAsync("/v1/users/nobody"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Admin_delete_erases_the_user_and_their_events_and_answers_with_a_receipt()
    {
        using var ingest = _factory.Ingest();
        using var admin = _factory.Admin();
        await ingest.PutAsJsonAsync("/v1/users/eve", new UserDto("eve"));
        await ingest.PostAsJsonAsync("/v1/events/batch", new EventBatchDto(
            [new EventDto("e1", "eve", "i1", "view"), new EventDto("e2", "eve", "i2", "purchase")]));

        await Problems.AssertProblemAsync(await ingest.DeleteAsync("/v1/users/eve"), HttpStatusCode.Forbidden);
        var response = await admin.DeleteAsync("/v1/users/eve");
        var erased = await response.Content.ReadFromJsonAsync<ErasureResponse>();
        Assert.Equal(PenchantServerFactory.Pseudonym("eve"), erased!.Receipt.UserPseudonym);
        Assert.Equal(2, erased.Receipt.EventsRemoved);
        Assert.True(erased.Receipt.UserRecordRemoved);
        Assert.True(erased.StorageCompacted);
        await Problems.AssertProblemAsync(await admin.DeleteAsync("/v1/users/eve"), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await ingest.GetAsync("/v1/users/eve")).StatusCode);
        var profile = await ingest.GetFromJsonAsync<InterestProfileDto>("/v1/profiles/eve");
        Assert.Equal(0, profile!.EventCount);
    }
}
