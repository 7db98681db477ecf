import { createTestServer, describeSource, type Routes } from "@undercurrent/core/testing";
import repository from "./__fixtures__/repository.json" with { type: "json" };
import searchRepositories from "./__fixtures__/search-repositories.json" with { type: "json" };
import stargazers from "./__fixtures__/stargazers-page-1.json" with { type: "json" };
import { createGitHubSource } from "./github-source.js";
import { api } from "./test-support.js";

const token = "ghp_Conformance0123456789abcdefABCDEF0123";

const success: Routes = {
  [`GET ${api}/search/repositories`]: {
    json: searchRepositories,
    headers: { "x-ratelimit-limit": "30", "x-ratelimit-remaining": "29", "x-ratelimit-resource": "search" },
  },
  [`GET ${api}/repos/octo-labs/fastcache`]: { json: repository },
  [`GET ${api}/repos/octo-labs/fastcache/stargazers`]: { json: stargazers },
};

const server = createTestServer(success);

describeSource("github", {
  create: () => createGitHubSource({ token, baseURL: api, watchedRepositories: ["octo-labs/fastcache"] }),
  http: { server, success },
  secret: token,
});
