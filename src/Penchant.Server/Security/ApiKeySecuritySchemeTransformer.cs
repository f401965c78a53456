using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Penchant.Server.Security;

/// <summary>Declares the API key (header <c>X-Api-Key</c>, or a bearer token) in the OpenAPI document.</summary>
public sealed class ApiKeySecuritySchemeTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiRoles.Scheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-Api-Key",
            Description = "An ingest key (ingest and read) or an admin key (everything). Authorization: Bearer <key> works too.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiRoles.Scheme, document)] = [] });
        return Task.CompletedTask;
    }
}
