import { Module } from '@nestjs/common';
import { PromotionCategoriesModule } from '../promotion-categories/promotion-categories.module.js';
import { RuleBooks } from './rule-books.service.js';
import { RuleBudgets } from './rule-budgets.service.js';
import { SalesRulesController } from './sales-rules.controller.js';
import { SalesRulesRepository } from './sales-rules.repository.js';
import { SalesRulesService } from './sales-rules.service.js';

@Module({
  imports: [PromotionCategoriesModule],
  controllers: [SalesRulesController],
  providers: [SalesRulesService, SalesRulesRepository, RuleBooks, RuleBudgets],
  exports: [RuleBooks, RuleBudgets],
})
export class SalesRulesModule {}
