// Search for customers and contacts by name, address, domain or pinyin (the search box of the side
// panel and popup).
import { SearchRequest } from '#shared/model/index.ts';
import { searchPeople } from '../../store/search.ts';
import { defineMethod } from '../define.ts';

export const search = defineMethod(SearchRequest, async (ctx, { query, limit }) => searchPeople(ctx.db, query, limit));
