import { Controller, Get } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { Order } from './order.entity.js';

@Controller('orders')
export class OrdersController {
  constructor(@InjectRepository(Order) private readonly orders: Repository<Order>) {}

  @Get()
  async list() {
    await this.orders.save({ table: 't-14' });
    return { from: 'the host', orders: await this.orders.count() };
  }
}
