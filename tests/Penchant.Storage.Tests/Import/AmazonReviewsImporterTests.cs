using Penchant.Core.Data;
using Penchant.Storage.Import;

namespace Penchant.Storage.Tests.Import;

public sealed class AmazonReviewsImporterTests
{
    private const string Lines = """
        {"reviewerID": "A1", "asin": "B001", "reviewerName": "x", "helpful": [0, 0], "reviewText": "Works well, 很好.", "overall": 5.0, "summary": "Great", "unixReviewTime": 1393545600, "reviewTime": "02 28, 2014"}
        {"reviewerID": "A2", "asin": "B001", "reviewText": "", "overall": 2.0, "summary": "Meh", "unixReviewTime": 1393632000}
        {"reviewerID": "A2", "asin": "B002", "overall": 4.0, "unixReviewTime": 1393718400}
        {"reviewerID": "A3", "asin": "B002", "overall": 4.0, "unixReviewTime": 13937
        {"reviewerID": "A3", "overall": 4.0, "unixReviewTime": 1393718400}
        {"reviewerID": "A3", "asin": "B003", "overall": "five", "unixReviewTime": 1393718400}
        {"reviewerID": "A3", "asin": "B004", "reviewText": "Text only", "unixReviewTime": 1393804800}
        """;

    [Fact]
    public async Task Reviews_become_rating_and_review_events_and_unknown_products_get_placeholder_items()
    {
        await using var f = await ImportFixture.CreateAsync();
        await f.Store.UpsertItemsAsync([new Item("B002", "Known guitar strings", Brand: "Acme")]);
        var path = f.Write("reviews.json", Lines + "\n");
        var report = await new AmazonReviewsImporter().ImportAsync(path, f.Store);

        Assert.Equal([4L, 5L, 6L], report.Errors.Select(e => e.Line));
        Assert.StartsWith("bad JSON", report.Errors[0].Reason, StringComparison.Ordinal);
        Assert.Equal("missing asin", report.Errors[1].Reason);
        Assert.Contains("overall", report.Errors[2].Reason, StringComparison.Ordinal);
        // Ratings: A1, A2/B001, A2/B002; reviews: A1, A2/B001 (summary only), A3/B004 (text only).
        Assert.Equal(new ImportTally(6, 0), report.Events);
        Assert.Equal(new ImportTally(2, 1), report.Items);

        var a1 = await f.Store.GetUserEventsAsync("A1", 10);
        Assert.Equal(2, a1.Count);
        var review = a1.Single(e => e.Type == EventType.Review);
        Assert.Equal("Great\nWorks well, 很好.", review.Text);
        Assert.Equal("amazon:A1:B001:1393545600:review", review.EventId);
        Assert.Equal(5.0, a1.Single(e => e.Type == EventType.Rating).Value);
        Assert.Equal("Meh", (await f.Store.GetUserEventsAsync("A2", 10)).Single(e => e.Type == EventType.Review).Text);
        Assert.Equal("B001", (await f.Store.GetItemAsync("B001"))!.Title);
        Assert.Equal("Known guitar strings", (await f.Store.GetItemAsync("B002"))!.Title);

        var again = await new AmazonReviewsImporter().ImportAsync(path, f.Store);
        Assert.Equal(0, again.Accepted);
        Assert.Equal(new ImportTally(0, 6), again.Events);
        Assert.Equal(new ImportTally(0, 3), again.Items);
    }
}
